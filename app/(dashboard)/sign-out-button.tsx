"use client";

export function SignOutButton() {
  async function signOut() {
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch(() => {});
    window.location.assign("/login");
  }
  return (
    <button type="button" className="link" onClick={signOut}>
      Sign out
    </button>
  );
}

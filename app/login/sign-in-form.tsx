"use client";
// Email + password against better-auth's endpoint. Every wrong email or password gets the same
// message (no hint which one was wrong); too many attempts say when to try again.
import { type FormEvent, useState } from "react";

async function errorText(res: Response): Promise<string> {
  if (res.status === 429) {
    const wait = Number(res.headers.get("x-retry-after") ?? res.headers.get("retry-after") ?? "60");
    return `Too many sign-in attempts from your network. Try again in ${Number.isFinite(wait) && wait > 0 ? Math.ceil(wait) : 60} seconds.`;
  }
  const body = (await res
    .clone()
    .json()
    .catch(() => ({}))) as { code?: string };
  if (res.status === 403 && body.code === "INVALID_ORIGIN")
    return "This address is not where relayscope is configured to be opened (RELAYSCOPE_PUBLIC_URL); open it there to sign in.";
  if (res.status === 401 || res.status === 400 || res.status === 403) return "Email or password is incorrect, or the account is disabled.";
  return `Sign-in failed (HTTP ${res.status}). Try again in a moment.`;
}

export function SignInForm({ next, ssoName, ssoError }: { next: string; ssoName?: string; ssoError?: string }) {
  const [error, setError] = useState<string | undefined>(
    ssoError ? "Single sign-on did not sign you in. Ask an admin to add your account." : undefined,
  );
  const [busy, setBusy] = useState(false);

  async function signIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const res = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: form.get("email"), password: form.get("password"), rememberMe: true }),
      });
      if (res.ok) {
        window.location.assign(next);
        return;
      }
      setError(await errorText(res));
    } catch {
      setError("The app could not be reached. Check your connection and try again.");
    }
    setBusy(false);
  }

  async function signInWithSso() {
    setBusy(true);
    setError(undefined);
    try {
      // better-auth 1.7 starts generic OAuth providers at its core social endpoint (the plugin's
      // /sign-in/oauth2 is gone and answered 404).
      const res = await fetch("/api/auth/sign-in/social", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ provider: "oidc", callbackURL: next, errorCallbackURL: `/login?next=${encodeURIComponent(next)}` }),
      });
      // A clone, so errorText can still read the body (reading it twice threw and left the
      // buttons disabled with no message).
      const body = (await res
        .clone()
        .json()
        .catch(() => ({}))) as { url?: string };
      if (res.ok && body.url) {
        window.location.assign(body.url);
        return;
      }
      setError(await errorText(res));
    } catch {
      setError("The app could not be reached. Check your connection and try again.");
    }
    setBusy(false);
  }

  return (
    <>
      <form onSubmit={signIn} className="stack">
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required maxLength={320} />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required maxLength={256} />
        </label>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      {ssoName ? (
        <p>
          <button type="button" className="secondary" onClick={signInWithSso} disabled={busy}>
            Sign in with {ssoName}
          </button>
        </p>
      ) : null}
    </>
  );
}

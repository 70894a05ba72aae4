"use client";
import { type FormEvent, useState } from "react";

export function ChangePasswordForm({ minLength }: { minLength: number }) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function change(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const newPassword = String(form.get("newPassword") ?? "");
    if (newPassword !== String(form.get("confirm") ?? "")) {
      setError("The two new passwords differ.");
      return;
    }
    setBusy(true);
    setError(undefined);
    const res = await fetch("/api/auth/change-password", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ currentPassword: form.get("currentPassword"), newPassword, revokeOtherSessions: true }),
    });
    if (res.ok) {
      window.location.assign("/");
      return;
    }
    const body = (await res.json().catch(() => ({}))) as { message?: string; code?: string };
    setError(
      res.status === 429
        ? "Too many attempts; wait a minute."
        : body.code === "INVALID_PASSWORD"
          ? "The current password is not right."
          : body.code === "PASSWORD_TOO_SHORT"
            ? `The new password needs at least ${minLength} characters.`
            : (body.message ?? `Could not change the password (HTTP ${res.status}).`),
    );
    setBusy(false);
  }

  return (
    <form onSubmit={change} className="stack">
      <label>
        Current password
        <input name="currentPassword" type="password" autoComplete="current-password" required />
      </label>
      <label>
        New password (at least {minLength} characters)
        <input name="newPassword" type="password" autoComplete="new-password" required minLength={minLength} maxLength={256} />
      </label>
      <label>
        New password again
        <input name="confirm" type="password" autoComplete="new-password" required minLength={minLength} maxLength={256} />
      </label>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy}>
        Save password
      </button>
    </form>
  );
}

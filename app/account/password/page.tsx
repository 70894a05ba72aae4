import type { Metadata } from "next";
import { requirePage } from "../../../lib/auth/guard-page";
import { MIN_PASSWORD_LENGTH } from "../../../lib/auth/password-rules";
import { ChangePasswordForm } from "./change-password-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Password · relayscope" };

export default async function PasswordPage() {
  const me = await requirePage("viewer", "/account/password", { allowPasswordChange: true });
  return (
    <main className="narrow">
      <section className="panel" aria-labelledby="password">
        <h1 id="password">{me.mustChangePassword ? "Choose your password" : "Change your password"}</h1>
        <p className="muted">
          Signed in as {me.email}. {me.mustChangePassword ? "You signed in with a one-time password; choose your own to continue." : null}
        </p>
        <ChangePasswordForm minLength={MIN_PASSWORD_LENGTH} />
      </section>
    </main>
  );
}

import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentPrincipal } from "../../lib/auth/guard-page";
import { oidcSettings } from "../../lib/auth/oidc";
import { safeNextPath } from "../../lib/auth/safe-next";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in · relayscope" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  if (await currentPrincipal()) redirect(next);
  const sso = oidcSettings();
  return (
    <main className="narrow">
      <section className="panel" aria-labelledby="sign-in">
        <h1 id="sign-in">Sign in to relayscope</h1>
        <SignInForm next={next} ssoName={sso?.name} ssoError={typeof params.error === "string" ? params.error : undefined} />
      </section>
    </main>
  );
}

// Authorisation of a page, called by the page itself (server component), not only by the proxy:
// nobody signed in → the sign-in page (coming back here after); a one-time password → choose a new
// one first; signed in without the role → 403 (app/forbidden.tsx). A read-API token opens no page.
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { type Principal, resolvePrincipal } from "./principal";
import { type Role, roleAtLeast } from "./roles";

/** The caller of this request, resolved once per render (layout and page share it). */
export const currentPrincipal = cache(async (): Promise<Principal | undefined> => {
  const h = new Headers(await headers());
  h.delete("authorization");
  const resolved = await resolvePrincipal(h);
  return "principal" in resolved ? resolved.principal : undefined;
});

export function signInPath(next: string): string {
  return `/login?next=${encodeURIComponent(next)}`;
}

export async function requirePage(role: Role, path: string, opts: { allowPasswordChange?: boolean } = {}): Promise<Principal> {
  const p = await currentPrincipal();
  if (!p) redirect(signInPath(path));
  if (p.mustChangePassword && !opts.allowPasswordChange) redirect("/account/password");
  if (!roleAtLeast(p.role, role)) forbidden();
  return p;
}

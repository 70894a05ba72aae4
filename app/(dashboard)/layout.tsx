import Link from "next/link";
import type { ReactNode } from "react";
import { currentPrincipal } from "../../lib/auth/guard-page";
import { roleAtLeast } from "../../lib/auth/roles";
import { SignOutButton } from "./sign-out-button";

// Each page authorises itself (lib/auth/guard-page.ts); the layout only shows who is signed in.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const me = await currentPrincipal();
  return (
    <>
      <header className="topbar">
        <span className="brand">relayscope</span>
        {me ? (
          <nav aria-label="main" className="nav">
            <Link href="/">Overview</Link>
            <Link href="/settings/tokens">API tokens</Link>
            {roleAtLeast(me.role, "admin") ? <Link href="/settings">Settings</Link> : null}
          </nav>
        ) : null}
        <span className="spacer" />
        {me ? (
          <span className="who">
            <span>
              {me.email} <span className="muted">({me.role})</span>
            </span>
            <Link href="/account/password">Password</Link>
            <SignOutButton />
          </span>
        ) : null}
      </header>
      <main>{children}</main>
    </>
  );
}

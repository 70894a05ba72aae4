import { cookies } from "next/headers";
import Link from "next/link";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { type ReactNode, Suspense } from "react";
import { currentPrincipal } from "../../lib/auth/guard-page";
import { roleAtLeast } from "../../lib/auth/roles";
import { SignOutButton } from "./sign-out-button";
import { MainNav } from "./ui/main-nav";
import { THEME_COOKIE, themeFromCookie } from "./ui/theme";
import { ThemeToggle } from "./ui/theme-toggle";
import "./ui/dashboard.css";
import "./ui/charts.css";
import "./ui/filter-bar.css";

// Each page authorises itself (lib/auth/guard-page.ts); the layout only shows who is signed in.
// NuqsAdapter lets the dashboard pages keep their range and filters in the URL (ui/use-dashboard-params).
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const me = await currentPrincipal();
  const theme = themeFromCookie((await cookies()).get(THEME_COOKIE)?.value) ?? "system";
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">relayscope</span>
        {me ? (
          // MainNav reads the search params; the boundary keeps any statically rendered page valid.
          <Suspense>
            <MainNav isAdmin={roleAtLeast(me.role, "admin")} />
          </Suspense>
        ) : null}
        <span className="spacer" />
        <ThemeToggle initial={theme} />
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
      <main id="main">
        <NuqsAdapter>{children}</NuqsAdapter>
      </main>
    </>
  );
}

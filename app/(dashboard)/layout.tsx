import type { ReactNode } from "react";

export default function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="topbar">
        <span className="brand">relayscope</span>
        <span className="muted">TURN relay observability</span>
      </header>
      <main>{children}</main>
    </>
  );
}

import type { ReactNode } from "react";
import { currentPrincipal } from "../../../lib/auth/guard-page";
import { roleAtLeast } from "../../../lib/auth/roles";
import { SettingsNav } from "./settings-nav";
import "./settings.css";

// Each page authorises itself (requirePage); the layout only hides links a person cannot open.
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const me = await currentPrincipal();
  return (
    <>
      {me ? <SettingsNav isAdmin={roleAtLeast(me.role, "admin")} /> : null}
      {children}
    </>
  );
}

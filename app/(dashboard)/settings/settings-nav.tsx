"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const ADMIN_LINKS = [
  ["/settings/users", "Users"],
  ["/settings/tenants", "Tenants"],
  ["/settings/servers", "Servers"],
  ["/settings/apps", "Apps"],
  ["/settings/keys", "Keys"],
  ["/settings/audit", "Audit log"],
] as const;

export function SettingsNav({ isAdmin }: { isAdmin: boolean }) {
  const path = usePathname();
  const links = [...(isAdmin ? ADMIN_LINKS : []), ["/settings/tokens", "API tokens"] as const];
  return (
    <nav aria-label="settings" className="subnav">
      {links.map(([href, text]) => (
        <Link key={href} href={href} aria-current={path === href ? "page" : undefined}>
          {text}
        </Link>
      ))}
    </nav>
  );
}

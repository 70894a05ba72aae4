"use client";
// The top bar's main navigation. A client component to know where the person is: the current
// page's link gets aria-current="page", its section's (Sessions on /sessions/<id>) aria-current="true".
// Links between dashboard pages carry the range and filters, so switching from Overview to Sessions
// keeps looking at the same slice (as Grafana keeps the time range).
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { LIST_FILTERS } from "../../../lib/queries/dashboard-filters";

type Item = { href: string; label: string; dashboard?: boolean; exact?: boolean };

const DASHBOARD: Item[] = [
  { href: "/", label: "Overview", dashboard: true },
  { href: "/sessions", label: "Sessions", dashboard: true },
  { href: "/calls", label: "Calls", dashboard: true },
  { href: "/servers", label: "Servers", dashboard: true },
];
const CARRIED = ["range", "from", "to", ...LIST_FILTERS, "refresh"];

function current(path: string, item: Item): "page" | "true" | undefined {
  if (path === item.href) return "page";
  if (item.exact || item.href === "/") return undefined;
  return path.startsWith(`${item.href}/`) ? "true" : undefined;
}

export function MainNav({ isAdmin }: { isAdmin: boolean }) {
  const path = usePathname() ?? "/";
  const search = useSearchParams();
  const carried = new URLSearchParams();
  for (const key of CARRIED) for (const v of search?.getAll(key) ?? []) carried.append(key, v);
  const query = carried.toString();
  const items: Item[] = [
    ...DASHBOARD,
    { href: "/settings/tokens", label: "API tokens" },
    // Settings covers /settings/* except the token page, which has its own link.
    ...(isAdmin ? [{ href: "/settings", label: "Settings", exact: path.startsWith("/settings/tokens") }] : []),
  ];
  return (
    <nav aria-label="main" className="nav">
      {items.map((i) => (
        <Link key={i.href} href={i.dashboard && query ? `${i.href}?${query}` : i.href} aria-current={current(path, i)}>
          {i.label}
        </Link>
      ))}
    </nav>
  );
}

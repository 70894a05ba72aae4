import type { Metadata } from "next";
import { requirePage } from "../../../../lib/auth/guard-page";
import { ServersAdmin } from "./servers-admin";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Servers · relayscope" };

export default async function TenantsPage() {
  await requirePage("admin", "/settings/servers");
  return <ServersAdmin />;
}

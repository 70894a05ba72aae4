import type { Metadata } from "next";
import { requirePage } from "../../../../lib/auth/guard-page";
import { TenantsAdmin } from "./tenants-admin";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Tenants · relayscope" };

export default async function TenantsPage() {
  await requirePage("admin", "/settings/tenants");
  return <TenantsAdmin />;
}

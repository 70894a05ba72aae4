import type { Metadata } from "next";
import { requirePage } from "../../../../lib/auth/guard-page";
import { AppsAdmin } from "./apps-admin";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Apps · relayscope" };

export default async function TenantsPage() {
  await requirePage("admin", "/settings/apps");
  return <AppsAdmin />;
}

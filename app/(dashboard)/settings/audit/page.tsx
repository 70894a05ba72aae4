import type { Metadata } from "next";
import { requirePage } from "../../../../lib/auth/guard-page";
import { AuditLog } from "./audit-log";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log · relayscope" };

export default async function TenantsPage() {
  await requirePage("admin", "/settings/audit");
  return <AuditLog />;
}

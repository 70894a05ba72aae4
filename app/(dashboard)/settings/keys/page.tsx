import type { Metadata } from "next";
import { requirePage } from "../../../../lib/auth/guard-page";
import { KeysAdmin } from "./keys-admin";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Keys · relayscope" };

export default async function TenantsPage() {
  await requirePage("admin", "/settings/keys");
  return <KeysAdmin />;
}

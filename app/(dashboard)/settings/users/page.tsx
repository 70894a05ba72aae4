import type { Metadata } from "next";
import { requirePage } from "../../../../lib/auth/guard-page";
import { UsersAdmin } from "./users-admin";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users · relayscope" };

export default async function TenantsPage() {
  await requirePage("admin", "/settings/users");
  return <UsersAdmin />;
}

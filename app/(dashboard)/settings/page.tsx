import { redirect } from "next/navigation";
import { requirePage } from "../../../lib/auth/guard-page";
import { roleAtLeast } from "../../../lib/auth/roles";

export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const me = await requirePage("viewer", "/settings");
  redirect(roleAtLeast(me.role, "admin") ? "/settings/users" : "/settings/tokens");
}

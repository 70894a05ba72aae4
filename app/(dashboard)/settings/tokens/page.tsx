import type { Metadata } from "next";
import { requirePage } from "../../../../lib/auth/guard-page";
import { tokenRolesFor } from "../../../../lib/inventory/tokens";
import { TokensPanel } from "./tokens-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API tokens · relayscope" };

export default async function TokensPage() {
  const me = await requirePage("viewer", "/settings/tokens");
  return <TokensPanel roles={tokenRolesFor(me)} />;
}

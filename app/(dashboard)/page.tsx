import { requirePage } from "../../lib/auth/guard-page";
import { OverviewDashboard } from "./_overview/overview-dashboard";
import "./_overview/overview.css";
import "./servers/servers.css";

// Reads the database (through /api/v1) on every visit; nothing here can be prerendered.
export const dynamic = "force-dynamic";

export const metadata = { title: "Overview · relayscope" };

export default async function OverviewPage() {
  await requirePage("viewer", "/");
  return <OverviewDashboard />;
}

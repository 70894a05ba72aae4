import { requirePage } from "../../../lib/auth/guard-page";
import { ServersDashboard } from "./servers-dashboard";
import "./servers.css";

// Reads the database (through /api/v1) on every visit; nothing here can be prerendered.
export const dynamic = "force-dynamic";

export const metadata = { title: "Servers · relayscope" };

export default async function ServersPage() {
  await requirePage("viewer", "/servers");
  return <ServersDashboard />;
}

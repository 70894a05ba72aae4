import { requirePage } from "../../../lib/auth/guard-page";
import { CallsExplorer } from "./calls-explorer";
import "../sessions/sessions.css";

// Reads the database (through /api/v1/calls) on every visit; nothing here can be prerendered.
export const dynamic = "force-dynamic";

export const metadata = { title: "Calls · relayscope" };

export default async function CallsPage() {
  await requirePage("viewer", "/calls");
  return <CallsExplorer />;
}

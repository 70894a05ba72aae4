import { requirePage } from "../../../lib/auth/guard-page";
import { SessionsExplorer } from "./sessions-explorer";
import "./sessions.css";

// Reads the database (through /api/v1/sessions) on every visit; nothing here can be prerendered.
export const dynamic = "force-dynamic";

export const metadata = { title: "Sessions · relayscope" };

export default async function SessionsPage() {
  await requirePage("viewer", "/sessions");
  return <SessionsExplorer />;
}

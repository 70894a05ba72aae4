import { notFound } from "next/navigation";
import { requirePage } from "../../../../lib/auth/guard-page";
import { sessionVisible } from "../../../../lib/queries/sessions/session-visible";
import { SessionDetailView } from "./session-detail";
import "../sessions.css";

// Reads the database on every visit; nothing here can be prerendered.
export const dynamic = "force-dynamic";

export const metadata = { title: "Session · relayscope" };

// Another tenant's session and an unknown id are the same 404, decided here before anything renders;
// the widgets then read GET /api/v1/sessions/:id, which applies the same rule.
export default async function SessionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const me = await requirePage("viewer", `/sessions/${encodeURIComponent(id)}`);
  if (!(await sessionVisible(me.tenantIds, id))) notFound();
  return <SessionDetailView id={id} />;
}

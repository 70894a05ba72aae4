import { notFound } from "next/navigation";
import { requirePage } from "../../../../lib/auth/guard-page";
import { callVisible } from "../../../../lib/queries/calls/call-visible";
import { CallDetailView } from "./call-detail";
import "../../sessions/sessions.css";

// Reads the database on every visit; nothing here can be prerendered.
export const dynamic = "force-dynamic";

export const metadata = { title: "Call · relayscope" };

// `id` = `<app id>.<call id in base64url>` (lib/queries/calls/call-key.ts). Another tenant's call, an
// unknown one and a malformed id are the same 404, decided before anything renders.
export default async function CallPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const me = await requirePage("viewer", `/calls/${encodeURIComponent(id)}`);
  if (!(await callVisible(me.tenantIds, id))) notFound();
  return <CallDetailView id={id} />;
}

// Collector and app keys for admins: list (prefixes, scope, last use; never hashes), create (the full
// key is in this one response and nowhere else).
import { z } from "zod";
import { authorizeApi } from "../../../../lib/auth/guard-api";
import { actorOf, problemResponse, readInput } from "../../../../lib/inventory/http";
import { issueKey, listInventoryKeys } from "../../../../lib/inventory/keys";
import { displayName, entityId, expiresIn } from "../../../../lib/inventory/validate";

export const dynamic = "force-dynamic";

const NewKey = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("collector"), name: displayName, serverId: entityId.nullish(), expiresIn: expiresIn.nullish() }),
  z.strictObject({ kind: z.literal("app"), name: displayName, appId: entityId, expiresIn: expiresIn.nullish() }),
]);

export async function GET(req: Request): Promise<Response> {
  const auth = await authorizeApi(req, { role: "admin", tokens: false });
  if ("response" in auth) return auth.response;
  return Response.json({ keys: await listInventoryKeys() });
}

export async function POST(req: Request): Promise<Response> {
  const auth = await authorizeApi(req, { role: "admin", tokens: false });
  if ("response" in auth) return auth.response;
  const input = await readInput(req, NewKey);
  if ("response" in input) return input.response;
  const d = input.data;
  try {
    const created = await issueKey(
      {
        kind: d.kind,
        name: d.name,
        serverId: d.kind === "collector" ? (d.serverId ?? undefined) : undefined,
        appId: d.kind === "app" ? d.appId : undefined,
        expiresAt: d.expiresIn ?? undefined,
      },
      actorOf(auth.principal, req),
    );
    return Response.json(
      { key: created.key, id: created.id, prefix: created.prefix, kind: created.kind, name: created.name, expiresAt: created.expiresAt },
      { status: 201, headers: { "cache-control": "no-store" } },
    );
  } catch (err) {
    return problemResponse(err);
  }
}

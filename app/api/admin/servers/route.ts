// TURN servers for admins: list, create with ICE urls, host names and realm → tenant rules.
import { z } from "zod";
import { authorizeApi } from "../../../../lib/auth/guard-api";
import { actorOf, problemResponse, readInput } from "../../../../lib/inventory/http";
import { createServer, listServers } from "../../../../lib/inventory/servers";
import {
  displayName,
  entityId,
  hostname,
  iceUrl,
  MAX_REALM_RULES,
  MAX_URLS,
  portRange,
  realm,
  SERVER_SOFTWARE,
  slug,
} from "../../../../lib/inventory/validate";

export const dynamic = "force-dynamic";

const NewServer = z.strictObject({
  name: slug,
  region: displayName.nullish(),
  provider: displayName.nullish(),
  software: z.enum(SERVER_SOFTWARE).default("coturn"),
  urls: z.array(iceUrl).max(MAX_URLS).default([]),
  hostnames: z.array(hostname).max(MAX_URLS).default([]),
  defaultTenantId: entityId,
  realmRules: z
    .array(z.strictObject({ realm, tenantId: entityId }))
    .max(MAX_REALM_RULES)
    .default([]),
  relayPorts: portRange.nullish(),
});

export async function GET(req: Request): Promise<Response> {
  const auth = await authorizeApi(req, { role: "admin", tokens: false });
  if ("response" in auth) return auth.response;
  return Response.json({ servers: await listServers() });
}

export async function POST(req: Request): Promise<Response> {
  const auth = await authorizeApi(req, { role: "admin", tokens: false });
  if ("response" in auth) return auth.response;
  const input = await readInput(req, NewServer);
  if ("response" in input) return input.response;
  const d = input.data;
  try {
    const row = await createServer(
      { ...d, region: d.region ?? null, provider: d.provider ?? null, relayPorts: d.relayPorts ?? undefined },
      actorOf(auth.principal, req),
    );
    return Response.json({ server: { id: row.id, name: row.name } }, { status: 201 });
  } catch (err) {
    return problemResponse(err);
  }
}

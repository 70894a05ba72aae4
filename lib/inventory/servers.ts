// TURN servers relayscope collects from, with their realm → tenant rules (DESIGN.md "Tenancy").
import { type AuditActor, recordAudit } from "../audit/record";
import { prisma } from "../db/prisma";
import { InventoryError, isUniqueViolation } from "./errors";
import { unknownTenantIds } from "./tenants";
import type { ServerSoftware } from "./validate";

export type NewServer = {
  name: string;
  region: string | null;
  provider: string | null;
  software: ServerSoftware;
  urls: string[];
  hostnames: string[];
  defaultTenantId: string;
  /** In priority order: the first rule whose realm matches wins. */
  realmRules: { realm: string; tenantId: string }[];
  relayPorts?: [number, number];
};

/** Input already passed the rules in ./validate.ts; tenant ids are checked here. */
export async function createServer(input: NewServer, actor: AuditActor) {
  const db = prisma();
  const exists = () => new InventoryError("conflict", `server "${input.name}" already exists`);
  if (await db.turnServer.findUnique({ where: { name: input.name }, select: { id: true } })) throw exists();
  const missing = await unknownTenantIds([...new Set([input.defaultTenantId, ...input.realmRules.map((r) => r.tenantId)])]);
  if (missing.length > 0) throw new InventoryError("invalid", `unknown tenant ${missing.join(", ")}`);
  const row = await db.turnServer
    .create({
      data: {
        name: input.name,
        region: input.region,
        provider: input.provider,
        software: input.software,
        urls: input.urls,
        hostnames: input.hostnames,
        defaultTenantId: input.defaultTenantId,
        relayPortMin: input.relayPorts?.[0] ?? null,
        relayPortMax: input.relayPorts?.[1] ?? null,
        realmRules: { create: input.realmRules.map((r, i) => ({ realm: r.realm, tenantId: r.tenantId, priority: (i + 1) * 10 })) },
      },
    })
    .catch((err) => {
      throw isUniqueViolation(err) ? exists() : err;
    });
  await recordAudit({
    ...actor,
    action: "server.create",
    tenantId: input.defaultTenantId,
    targetType: "turn_server",
    targetId: row.id,
    detail: { name: row.name },
  });
  return row;
}

export async function listServers() {
  const rows = await prisma().turnServer.findMany({
    orderBy: { name: "asc" },
    include: {
      defaultTenant: { select: { id: true, slug: true } },
      realmRules: { include: { tenant: { select: { id: true, slug: true } } }, orderBy: { priority: "asc" } },
    },
  });
  return rows.map((s) => ({
    id: s.id,
    name: s.name,
    region: s.region,
    provider: s.provider,
    software: s.software,
    version: s.version,
    urls: s.urls,
    hostnames: s.hostnames,
    defaultTenant: s.defaultTenant,
    realmRules: s.realmRules.map((r) => ({ realm: r.realm, tenant: r.tenant })),
    relayPorts: s.relayPortMin !== null && s.relayPortMax !== null ? `${s.relayPortMin}-${s.relayPortMax}` : null,
    createdAt: s.createdAt.toISOString(),
  }));
}
export type ServerRow = Awaited<ReturnType<typeof listServers>>[number];

// Seeding for coturn ingest tests: a fresh tenant + server per test (names from uid(), so tests never
// collide) and collector keys. Batches and events: ./coturn-batch.ts.
import { after } from "node:test";
import { closePools } from "../../lib/db/pool";
import { disconnectPrisma, prisma } from "../../lib/db/prisma";
import { resetEnvCache } from "../../lib/env";
import { createKey } from "../../lib/keys/store";
import { testDatabaseUrl, uid } from "./db";

/**
 * For test files that call the ingest in this process: a fixed IP hash secret (no key file in the
 * data dir), only the runner's test database, and the pools closed when the file is done.
 */
export function setUpInProcessIngest(): void {
  process.env.RELAYSCOPE_IP_HASH_SECRET = "integration-test-secret-0123456789abcdef";
  resetEnvCache();
  testDatabaseUrl();
  after(async () => {
    await disconnectPrisma();
    await closePools();
  });
}

export type SeededServer = { id: string; name: string; defaultTenantId: string };

export async function seedTenant(label = "t"): Promise<string> {
  const t = await prisma().tenant.create({ data: { slug: `${label}-${uid()}`, name: label } });
  return t.id;
}

export async function seedServer(
  rules: Array<{ realm: string; tenantId: string; usernamePattern?: string; priority?: number }> = [],
): Promise<SeededServer> {
  const defaultTenantId = await seedTenant("default");
  const s = await prisma().turnServer.create({
    data: {
      name: `turn-${uid()}`,
      defaultTenantId,
      realmRules: {
        create: rules.map((r, i) => ({
          realm: r.realm,
          tenantId: r.tenantId,
          usernamePattern: r.usernamePattern ?? null,
          priority: r.priority ?? (i + 1) * 10,
        })),
      },
    },
  });
  return { id: s.id, name: s.name, defaultTenantId };
}

export async function collectorKey(serverId?: string): Promise<string> {
  return (await createKey({ kind: "collector", name: `agent-${uid()}`, scope: serverId ? { serverId } : undefined })).key;
}

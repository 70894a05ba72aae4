// The entities the generated traffic belongs to: tenants (the migration's `default` plus three),
// their apps, TURN servers in four regions with their realm → tenant rules, and two process runs per
// server (a restart halfway). Plain rows, ids from counters, so generated traffic can name them.
import type pg from "pg";
import { counterUuid } from "./format";
import { type Cumulative, cumulative } from "./random";
import { DAY_MS, SERVERS, TENANTS } from "./shape";

export type AppRef = { id: string; name: string; forcedRelay: boolean; tenant: TenantRef };
export type TenantRef = { id: string; slug: string; realm: string; index: number; apps: Cumulative<AppRef> };
export type ServerRef = {
  id: string;
  name: string;
  region: string;
  host: string;
  relayIp: string;
  urls: { udp: string; tcp: string; tls: string };
  runs: Array<{ startedAt: number; text: string }>;
  nextPort: number;
};
export type Inventory = {
  tenants: Cumulative<TenantRef>;
  servers: Cumulative<ServerRef>;
  tenantList: TenantRef[];
  serverList: ServerRef[];
};

export async function createInventory(client: pg.Client, from: number, days: number): Promise<Inventory> {
  const tenantList: TenantRef[] = [];
  const tenantWeights: Array<[TenantRef, number]> = [];
  let appNo = 0;
  for (const [index, t] of TENANTS.entries()) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO tenant (id, slug, name) VALUES ($1, $2, $3)
       ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [counterUuid("tenant", index), t.slug, t.name],
    );
    const ref: TenantRef = { id: rows[0].id, slug: t.slug, realm: `${t.slug}.example`, index, apps: cumulative<AppRef>([]) };
    const apps: Array<[AppRef, number]> = [];
    for (const a of t.apps) {
      const id = counterUuid("app", appNo++);
      await client.query(`INSERT INTO app (id, tenant_id, name, allowed_origins) VALUES ($1, $2, $3, $4)`, [
        id,
        ref.id,
        a.name,
        [`https://${a.name}.${t.slug}.example`],
      ]);
      apps.push([{ id, name: a.name, forcedRelay: a.forcedRelay, tenant: ref }, a.weight]);
    }
    ref.apps = cumulative(apps);
    tenantList.push(ref);
    tenantWeights.push([ref, t.weight]);
  }

  const defaultTenant = tenantList[0];
  const serverList: ServerRef[] = [];
  const serverWeights: Array<[ServerRef, number]> = [];
  for (const [index, s] of SERVERS.entries()) {
    const host = `${s.name}.relay.example.net`;
    const urls = {
      udp: `turn:${host}:3478?transport=udp`,
      tcp: `turn:${host}:3478?transport=tcp`,
      tls: `turns:${host}:5349?transport=tcp`,
    };
    const id = counterUuid("server", index);
    await client.query(
      `INSERT INTO turn_server (id, name, region, provider, version, urls, hostnames, default_tenant_id, relay_port_min, relay_port_max)
       VALUES ($1, $2, $3, $4, '4.6.1', $5, $6, $7, 49152, 65535)`,
      [id, s.name, s.region, s.provider, [urls.udp, urls.tcp, urls.tls], [host], defaultTenant.id],
    );
    for (const t of tenantList.slice(1))
      await client.query(`INSERT INTO realm_tenant_rule (server_id, realm, tenant_id) VALUES ($1, $2, $3)`, [id, t.realm, t.id]);
    // A run from before the period, and a restart halfway through it.
    const starts = [from - 10 * DAY_MS + index * 3_600_000, from + Math.floor(days / 2) * DAY_MS + index * 3_600_000];
    for (const [i, start] of starts.entries())
      await client.query(`INSERT INTO server_run (id, server_id, started_at, version, ended_at) VALUES ($1, $2, $3, '4.6.1', $4)`, [
        counterUuid("run", index * 2 + i),
        id,
        new Date(start),
        i === 0 ? new Date(starts[1]) : null,
      ]);
    const ref: ServerRef = {
      id,
      name: s.name,
      region: s.region,
      host,
      relayIp: `198.18.${index}.10`,
      urls,
      runs: starts.map((startedAt) => ({ startedAt, text: new Date(startedAt).toISOString() })),
      nextPort: 49_152 + index * 997,
    };
    serverList.push(ref);
    serverWeights.push([ref, s.weight]);
  }
  return { tenants: cumulative(tenantWeights), servers: cumulative(serverWeights), tenantList, serverList };
}

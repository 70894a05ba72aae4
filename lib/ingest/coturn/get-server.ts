// The TURN server a batch names, with its realm → tenant rules. Kept for a few seconds per process:
// every batch needs it and rules change rarely (a new rule applies within RULES_TTL_MS).

import { runQuery } from "../../db/run-query";
import { log } from "../../log";
import { compileTenantRules, type TenantResolver, type TenantRule } from "./tenant";

export type IngestServer = { id: string; name: string; defaultTenantId: string; tenantOf: TenantResolver };

const RULES_TTL_MS = 10_000;
const CACHE_MAX = 1_000;

const SQL = `
  SELECT s.id, s.name, s.default_tenant_id,
         COALESCE(json_agg(json_build_object('realm', r.realm, 'usernamePattern', r.username_pattern,
                                             'tenantId', r.tenant_id, 'priority', r.priority)
                           ORDER BY r.priority, r.created_at, r.id) FILTER (WHERE r.id IS NOT NULL), '[]') AS rules
  FROM turn_server s LEFT JOIN realm_tenant_rule r ON r.server_id = s.id
  WHERE s.name = $1
  GROUP BY s.id`;

type Row = { id: string; name: string; default_tenant_id: string; rules: TenantRule[] };

const cache = new Map<string, { at: number; server: IngestServer }>();

/** The server called `name`, or undefined (unknown names are not cached: `server add` works at once). */
export async function getIngestServer(name: string, now = Date.now()): Promise<IngestServer | undefined> {
  const hit = cache.get(name);
  if (hit && now - hit.at < RULES_TTL_MS) return hit.server;
  const [row] = await runQuery<Row>(SQL, [name]);
  if (!row) {
    cache.delete(name);
    return undefined;
  }
  const tenantOf = compileTenantRules(row.rules, row.default_tenant_id, (rule, err) =>
    log().warn(
      { server: row.name, realm: rule.realm, pattern: rule.usernamePattern, err: err.message },
      "realm rule skipped: bad username pattern",
    ),
  );
  const server = { id: row.id, name: row.name, defaultTenantId: row.default_tenant_id, tenantOf };
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(name, { at: now, server });
  return server;
}

/** For tests that change rules and want them applied at once. */
export function forgetIngestServers(): void {
  cache.clear();
}

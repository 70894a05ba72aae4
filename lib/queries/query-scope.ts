// What a dashboard query may read: the caller's tenants narrowed by the tenant filter, and the
// server, region and app filters resolved to ids once, so every query file takes plain id arrays
// ($n::uuid[], null = no restriction) and never joins names itself.
// A filter naming something that does not exist (or that the caller may not see) matches nothing:
// it is not an error, and it tells nobody whether the name exists elsewhere.
import { runQuery } from "../db/run-query";
import type { DashboardFilters } from "./dashboard-filters";

export type QueryScope = {
  /** Tenants to read; null = every tenant (an admin with no tenant filter). Empty = nothing. */
  tenantIds: string[] | null;
  /** TURN servers to read (server and region filters); null = all. */
  serverIds: string[] | null;
  /** SDK apps to read; null = all. */
  appIds: string[] | null;
  /** Realms to read (relay-side only); null = all. */
  realms: string[] | null;
  from: Date;
  to: Date;
};

const SQL = `
  SELECT
    CASE WHEN $2::text[] IS NULL THEN NULL ELSE
      (SELECT coalesce(array_agg(id), '{}') FROM tenant WHERE slug = ANY($2::text[]) AND ($1::uuid[] IS NULL OR id = ANY($1::uuid[])))
    END AS tenant_ids,
    CASE WHEN $3::text[] IS NULL AND $4::text[] IS NULL THEN NULL ELSE
      (SELECT coalesce(array_agg(id), '{}') FROM turn_server
        WHERE ($3::text[] IS NULL OR name = ANY($3::text[])) AND ($4::text[] IS NULL OR region = ANY($4::text[])))
    END AS server_ids`;

const orNull = (values: string[]) => (values.length > 0 ? values : null);

/** Resolves the filters for a caller whose visible tenants are `callerTenants` (null = all). */
export async function resolveQueryScope(callerTenants: string[] | null, f: DashboardFilters): Promise<QueryScope> {
  const [row] = await runQuery<{ tenant_ids: string[] | null; server_ids: string[] | null }>(SQL, [
    callerTenants,
    orNull(f.tenants),
    orNull(f.servers),
    orNull(f.regions),
  ]);
  return {
    tenantIds: row.tenant_ids ?? callerTenants,
    serverIds: row.server_ids,
    appIds: orNull(f.apps),
    realms: orNull(f.realms),
    from: f.from,
    to: f.to,
  };
}

// The choices of the dashboard's filter bar (GET /api/v1/filters): servers, regions, tenants, realms
// and apps the caller may see. Deliberately not narrowed by the filters in effect, so choosing one
// server never hides the others from the bar. Every list is bounded.
//
// Realms have no table of their own, and `SELECT DISTINCT realm FROM relay_session` would read every
// session (10M rows, no realm index). They come instead from two cheap sources:
//   1. the realm rules of visible servers (what an operator configured; `*` is not a realm);
//   2. relay_rollup_day over the last REALM_DAYS days: one row per day, tenant, server, transport
//      and realm whatever the traffic, and the rollup job keeps today's row current every minute.
// Sampling each tenant's newest raw sessions was tried and dropped: the planner walks the
// started_at index for it, which reads every session of a day for a tenant that has none.
// A realm not seen in the last 35 days of rollups is not offered; the filter still accepts it
// typed into the URL.
import { runQuery } from "../db/run-query";
import { SERVER_VISIBLE_TO_TENANTS } from "./visible-server";

export const MAX_OPTIONS = 1000;
export const MAX_REALMS = 200;
export const REALM_DAYS = 35;

/** Same shape as app/(dashboard)/ui/filter-options.ts FilterOptions (checked in the unit test). */
export type FilterOptionsResponse = {
  servers: string[];
  regions: string[];
  tenants: { slug: string; name: string }[];
  realms: string[];
  apps: { id: string; name: string; tenant: string }[];
};

// $1 caller's tenants (null = all), $2 option limit, $3 realm limit, $4 realm days
const SQL = `
  WITH tn AS (
    SELECT id, slug, name FROM tenant WHERE $1::uuid[] IS NULL OR id = ANY($1::uuid[]) ORDER BY slug LIMIT $2
  ),
  srv AS (
    SELECT t.id, t.name, t.region FROM turn_server t
    WHERE ${SERVER_VISIBLE_TO_TENANTS}
    ORDER BY t.name LIMIT $2
  ),
  realms AS (
    SELECT r.realm FROM realm_tenant_rule r JOIN srv ON srv.id = r.server_id JOIN tn ON tn.id = r.tenant_id WHERE r.realm <> '*'
    UNION
    SELECT DISTINCT d.realm FROM relay_rollup_day d
    WHERE d.bucket >= now() - make_interval(days => $4) AND d.realm <> '' AND ($1::uuid[] IS NULL OR d.tenant_id = ANY($1::uuid[]))
  )
  SELECT
    (SELECT coalesce(array_agg(name ORDER BY name), '{}') FROM srv) AS servers,
    (SELECT coalesce(array_agg(DISTINCT region ORDER BY region), '{}') FROM srv WHERE region IS NOT NULL AND region <> '') AS regions,
    (SELECT coalesce(json_agg(json_build_object('slug', slug, 'name', name) ORDER BY slug), '[]'::json) FROM tn) AS tenants,
    (SELECT coalesce(array_agg(realm ORDER BY realm), '{}') FROM (SELECT realm FROM realms ORDER BY realm LIMIT $3) x) AS realms,
    (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name, 'tenant', a.slug) ORDER BY a.slug, a.name), '[]'::json)
       FROM (SELECT app.id, app.name, tn.slug FROM app JOIN tn ON tn.id = app.tenant_id ORDER BY tn.slug, app.name LIMIT $2) a) AS apps`;

/** `callerTenants`: the caller's own tenants (Principal.tenantIds), null = every tenant. */
export async function getFilterOptions(callerTenants: string[] | null): Promise<FilterOptionsResponse> {
  const [row] = await runQuery<FilterOptionsResponse>(SQL, [callerTenants, MAX_OPTIONS, MAX_REALMS, REALM_DAYS]);
  return { servers: row.servers, regions: row.regions, tenants: row.tenants, realms: row.realms, apps: row.apps };
}

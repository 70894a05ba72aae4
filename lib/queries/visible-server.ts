// The tenancy rule for TURN servers in one place (DESIGN "Tenancy"): a server `t` is visible to the
// tenants in $1 (null = every tenant) when its default tenant, or the tenant of one of its realm
// rules, is theirs. Every query that lists servers embeds this fragment; it expects the server
// table aliased `t` and the caller's tenants as $1.
export const SERVER_VISIBLE_TO_TENANTS = `($1::uuid[] IS NULL OR t.default_tenant_id = ANY($1::uuid[])
  OR EXISTS (SELECT 1 FROM realm_tenant_rule r WHERE r.server_id = t.id AND r.tenant_id = ANY($1::uuid[])))`;

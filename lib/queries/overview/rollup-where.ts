// WHERE clauses of the rollup reads, by family.
// The WHERE clause every client-side rollup read shares ($1–$5 of rollupRead): the range, the
// caller's tenants, the apps, and the server filter, which narrows relayed connections to those
// servers and keeps direct ones (a direct connection used no server), so the relay share under a
// server filter is "relayed through these servers, out of all connections of the apps in scope".
const clientWhere = (notRelayed: string) => `
  bucket >= $1 AND bucket < $2
  AND ($3::uuid[] IS NULL OR tenant_id = ANY($3::uuid[]))
  AND ($5::uuid[] IS NULL OR app_id = ANY($5::uuid[]))
  AND ($4::uuid[] IS NULL OR ${notRelayed} OR turn_server_id = ANY($4::uuid[]))`;
export const CLIENT_WHERE = clientWhere("path_kind IN ('direct', 'none')");
/** CLIENT_WHERE for the client series rollups, which keep the path's class instead of its kind. */
export const CLIENT_SERIES_WHERE = clientWhere("path_class <> 'relayed'");

/** Relay-side reads: range, tenants, servers, realms ($5). The app filter does not apply. */
export const RELAY_WHERE = `
  bucket >= $1 AND bucket < $2
  AND ($3::uuid[] IS NULL OR tenant_id = ANY($3::uuid[]))
  AND ($4::uuid[] IS NULL OR server_id = ANY($4::uuid[]))
  AND ($5::text[] IS NULL OR realm = ANY($5::text[]))`;

/** Call reads: range, tenants, apps (calls span servers, so server and realm filters do not apply). */
export const CALL_WHERE = `
  bucket >= $1 AND bucket < $2
  AND ($3::uuid[] IS NULL OR tenant_id = ANY($3::uuid[]))
  AND ($4::uuid[] IS NULL OR app_id = ANY($4::uuid[]))`;

/** Connections that went through a TURN relay (ours or, for turn-unknown, the remote side's). */
export const RELAYED_PATH = "path_kind IN ('turn-udp', 'turn-tcp', 'turn-tls', 'turn-unknown')";

/** The time axis of a series: every bucket of the range, so gaps show as zero, not as a line across. */
export const AXIS = (step: string) => `generate_series($1::timestamptz, $2::timestamptz - interval '${step}', interval '${step}')`;

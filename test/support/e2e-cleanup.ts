// E2E specs share one database and one app; a spec that adds servers or apps removes them (and
// their rows) when it is done, so that no other spec's first-run view depends on the order specs run in.
import pg from "pg";

const APP_ROWS = [
  "DELETE FROM client_report WHERE app_id IN (SELECT id FROM app WHERE name = ANY($1))",
  "DELETE FROM client_connection WHERE app_id IN (SELECT id FROM app WHERE name = ANY($1))",
  "DELETE FROM quarantined_event WHERE app_id IN (SELECT id FROM app WHERE name = ANY($1))",
  "DELETE FROM client_rollup_minute WHERE app_id IN (SELECT id FROM app WHERE name = ANY($1))",
  "DELETE FROM client_rollup_hour WHERE app_id IN (SELECT id FROM app WHERE name = ANY($1))",
  "DELETE FROM client_rollup_day WHERE app_id IN (SELECT id FROM app WHERE name = ANY($1))",
  "DELETE FROM client_series_rollup_hour WHERE app_id IN (SELECT id FROM app WHERE name = ANY($1))",
  "DELETE FROM client_series_rollup_day WHERE app_id IN (SELECT id FROM app WHERE name = ANY($1))",
  "DELETE FROM ice_error_rollup_minute WHERE app_id IN (SELECT id FROM app WHERE name = ANY($1))",
  "DELETE FROM ice_error_rollup_hour WHERE app_id IN (SELECT id FROM app WHERE name = ANY($1))",
  "DELETE FROM ice_error_rollup_day WHERE app_id IN (SELECT id FROM app WHERE name = ANY($1))",
  "DELETE FROM call_rollup_minute WHERE app_id IN (SELECT id FROM app WHERE name = ANY($1))",
  "DELETE FROM call_rollup_hour WHERE app_id IN (SELECT id FROM app WHERE name = ANY($1))",
  "DELETE FROM call_rollup_day WHERE app_id IN (SELECT id FROM app WHERE name = ANY($1))",
  "DELETE FROM app WHERE name = ANY($1)",
];
const SERVER_ROWS = [
  "DELETE FROM relay_usage_delta WHERE server_id IN (SELECT id FROM turn_server WHERE name = ANY($1))",
  "DELETE FROM relay_event WHERE server_id IN (SELECT id FROM turn_server WHERE name = ANY($1))",
  "DELETE FROM relay_session WHERE server_id IN (SELECT id FROM turn_server WHERE name = ANY($1))",
  "DELETE FROM quarantined_event WHERE server_id IN (SELECT id FROM turn_server WHERE name = ANY($1))",
  "DELETE FROM relay_rollup_minute WHERE server_id IN (SELECT id FROM turn_server WHERE name = ANY($1))",
  "DELETE FROM relay_rollup_hour WHERE server_id IN (SELECT id FROM turn_server WHERE name = ANY($1))",
  "DELETE FROM relay_rollup_day WHERE server_id IN (SELECT id FROM turn_server WHERE name = ANY($1))",
  "DELETE FROM turn_server WHERE name = ANY($1)",
];

export async function removeAppsAndServers(apps: string[], servers: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    for (const sql of APP_ROWS) await client.query(sql, [apps]);
    for (const sql of SERVER_ROWS) await client.query(sql, [servers]);
  } finally {
    await client.end();
  }
}

// Turns "cannot connect" into one line a person can act on, without echoing the password.
import pg from "pg";

export class DatabaseUnreachableError extends Error {}

export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}/${decodeURIComponent(u.pathname.slice(1)) || "(default database)"}`;
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

export function explainConnectError(err: unknown, url: string): string {
  const e = err as { code?: string; message?: string };
  const target = describeTarget(url);
  switch (e.code) {
    case "ECONNREFUSED":
      return `cannot reach the database at ${target}: connection refused; is PostgreSQL running there? check DATABASE_URL`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot reach the database at ${target}: host not found; check the host name in DATABASE_URL`;
    case "ETIMEDOUT":
      return `cannot reach the database at ${target}: timed out; check DATABASE_URL and the network`;
    case "28P01":
    case "28000":
      return `the database at ${target} refused the credentials in DATABASE_URL (${e.message})`;
    case "3D000":
      return `the database at ${target} does not exist: create it (createdb) or fix DATABASE_URL`;
    default:
      if (/timeout/i.test(e.message ?? "")) return `cannot reach the database at ${target}: connection timed out; check DATABASE_URL`;
      return `cannot use the database at ${target}: ${e.message ?? String(err)}`;
  }
}

/** Connects once and returns the server version; throws DatabaseUnreachableError with one line. */
export async function checkDatabase(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const res = await client.query<{ server_version: string }>("SHOW server_version");
    return res.rows[0]?.server_version ?? "unknown";
  } catch (err) {
    throw new DatabaseUnreachableError(explainConnectError(err, url));
  } finally {
    await client.end().catch(() => {});
  }
}

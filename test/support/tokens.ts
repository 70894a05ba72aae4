// A read-API token for a test user, stored exactly as the product stores one (lib/keys/format.ts:
// visible prefix + salted HMAC of the secret), acting for that user with the given role.
import pg from "pg";
import { generateKey } from "../../lib/keys/format";

export async function createToken(email: string, role: "viewer" | "operator", tenantSlug?: string): Promise<string> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const fresh = generateKey("api");
    const { rowCount } = await client.query(
      `INSERT INTO api_key (kind, prefix, secret_hash, salt, name, user_id, role, tenant_id)
       SELECT 'api', $1, $2, $3, 'e2e token', u.id, $5::user_role, (SELECT id FROM tenant WHERE slug = $6)
       FROM app_user u WHERE u.email = $4`,
      [fresh.prefix, fresh.secretHash, fresh.salt, email, role, tenantSlug ?? null],
    );
    if (rowCount !== 1) throw new Error(`no user ${email}`);
    return fresh.key;
  } finally {
    await client.end();
  }
}

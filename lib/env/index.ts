// The one place that reads process.env. Everything else asks this module, so that every variable is
// validated, documented (.env.example) and typed once. No secret falls back to a derived value.
import path from "node:path";
import ipaddr from "ipaddr.js";
import { z } from "zod";

const postgresUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "postgres:" || u.protocol === "postgresql:") && u.hostname !== "";
    } catch {
      return false;
    }
  }, "must look like postgres://user:password@host:5432/database");

const publicUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "http:" || u.protocol === "https:") && u.pathname === "/" && !u.search && !u.hash;
    } catch {
      return false;
    }
  }, "must be an http(s) URL with no path, like https://relayscope.example.com")
  .transform((v) => new URL(v).origin);

// An OpenID issuer may have a path (Keycloak /realms/x, Entra /<tenant>/v2.0, Okta /oauth2/default).
const issuerUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "http:" || u.protocol === "https:") && !u.search && !u.hash;
    } catch {
      return false;
    }
  }, "must be the provider's issuer URL, like https://login.example.com/realms/ops")
  .transform((v) => v.replace(/\/+$/, ""));

const cidrList = z
  .string()
  .trim()
  .transform((v) =>
    v
      .split(",")
      .map((c) => c.trim())
      .filter((c) => c !== ""),
  )
  .refine((list) => list.every((c) => ipaddr.isValidCIDR(c)), "must be comma-separated CIDRs like 10.0.0.0/8,::1/128");

const port = z.coerce.number().int().min(1).max(65535);
const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const schema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  // Set by `relayscope start` after it has started the embedded database, so that the Next.js
  // route handlers (a separate module graph in the same process) reach the same server.
  RELAYSCOPE_RESOLVED_DATABASE_URL: postgresUrl.optional(),
  PORT: port.default(3000),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  RELAYSCOPE_DATA_DIR: z.string().trim().min(1).default(".relayscope"),
  // Where package.json, prisma/migrations and .next live; set by the CLI entry from its own location.
  RELAYSCOPE_APP_ROOT: z.string().trim().min(1).optional(),
  RELAYSCOPE_EMBEDDED_PG_PORT: port.optional(),
  RELAYSCOPE_DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  RELAYSCOPE_PARTITION_DAYS_AHEAD: z.coerce.number().int().min(1).max(60).default(7),
  RELAYSCOPE_JOBS: z.enum(["on", "off"]).default("on"),
  // Key of the client/peer IP hashes (HMAC-SHA256). Unset: a random key kept in the data dir, which
  // only works for one instance; every instance (and every `collect --direct` agent) needs the same.
  RELAYSCOPE_IP_HASH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  RELAYSCOPE_IP_HASH_KEY_VERSION: z.coerce.number().int().min(1).max(9999).default(1),
  // Collector key of `relayscope collect … --push` when --key is not given (keeps it out of `ps`).
  RELAYSCOPE_COLLECTOR_KEY: z.string().trim().min(1).optional(),
  // Proxies in front of the app that append to X-Forwarded-For (0: clients connect directly, and a
  // client's own X-Forwarded-For is ignored). The client IP is the entry this many hops from the right.
  RELAYSCOPE_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // Where those proxies connect from: X-Forwarded-For is ignored on any other connection.
  RELAYSCOPE_TRUSTED_PROXY_ADDRESSES: cidrList.default(["127.0.0.0/8", "::1/128"]),
  // getStats ingest rate limits (requests per second, per app key and per client IP; bursts of
  // up to 10 s worth). A browser tab sends about one request per connection every 10 s.
  RELAYSCOPE_GETSTATS_RATE_PER_KEY: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  RELAYSCOPE_GETSTATS_RATE_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(20),
  // Sign-in. The URL people open the app at (cookies are Secure when it is https; sign-in and admin
  // changes are accepted only from this origin). Unset: http://localhost, 127.0.0.1 or [::1] on PORT.
  RELAYSCOPE_PUBLIC_URL: publicUrl.optional(),
  // Key that signs session cookies. Unset: random, kept in the data dir (one instance only).
  RELAYSCOPE_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  RELAYSCOPE_SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  // Failed or not, sign-in attempts per minute from one client address (shared by all instances).
  RELAYSCOPE_SIGNIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(5),
  // The first admin, created with a one-time password printed once when no user exists yet.
  RELAYSCOPE_ADMIN_EMAIL: z.email("must be an email address").default("admin@relayscope.local"),
  // Optional single sign-on with any OpenID Connect provider (all three to enable it).
  RELAYSCOPE_OIDC_ISSUER: issuerUrl.optional(),
  RELAYSCOPE_OIDC_CLIENT_ID: z.string().trim().min(1).max(500).optional(),
  RELAYSCOPE_OIDC_CLIENT_SECRET: z.string().trim().min(1).max(2000).optional(),
  RELAYSCOPE_OIDC_NAME: z.string().trim().min(1).max(60).default("single sign-on"),
  // off: only people an admin added (same email) can sign in with SSO. on: anyone the provider
  // vouches for gets an account as a viewer with no tenants, until an admin grants some.
  RELAYSCOPE_OIDC_SIGNUP: z.enum(["on", "off"]).default("off"),
  // Who may read /metrics without a token: comma-separated CIDRs (default: this machine only).
  RELAYSCOPE_METRICS_ALLOW: cidrList.default(["127.0.0.0/8", "::1/128"]),
  // The relay share operators expect (DESIGN: 15–25 % is typical); the overview flags values outside.
  RELAYSCOPE_RELAY_SHARE_BAND: z
    .string()
    .trim()
    .regex(/^\d{1,2}(\.\d+)?-\d{1,3}(\.\d+)?$/, "must be low-high in percent, e.g. 15-25")
    .transform((v) => v.split("-").map(Number) as [number, number])
    .refine(([low, high]) => low < high && high <= 100, "low must be below high, high at most 100")
    .default([15, 25]),
  LOG_LEVEL: z.enum(logLevels).default("info"),
  NODE_ENV: z.enum(["development", "production", "test"]).optional(),
});

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {}

let cached: Env | undefined;

/** Validated environment; throws EnvError with one line per bad variable. */
export function env(): Env {
  if (cached) return cached;
  // `DATABASE_URL= npm start` means "not set", as it does for most tools.
  const source = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`invalid environment: ${lines.join("; ")}`);
  }
  cached = parsed.data;
  return cached;
}

/** The database this process should use, or undefined when the embedded one must be started. */
export function configuredDatabaseUrl(): string | undefined {
  const e = env();
  return e.RELAYSCOPE_RESOLVED_DATABASE_URL ?? e.DATABASE_URL;
}

/** Hand the resolved URL to the rest of this process (Next's bundled handlers read it through env()). */
export function publishDatabaseUrl(url: string): void {
  process.env.RELAYSCOPE_RESOLVED_DATABASE_URL = url;
  cached = undefined;
}

/** The data dir, relative to the app root (not the shell's folder), so every command finds the same one. */
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ appRoot(), env().RELAYSCOPE_DATA_DIR);
}

export function appRoot(): string {
  // turbopackIgnore: a runtime location, not a file to bundle or trace.
  return path.resolve(/*turbopackIgnore: true*/ env().RELAYSCOPE_APP_ROOT ?? process.cwd());
}

export function migrationsDir(): string {
  return path.join(/*turbopackIgnore: true*/ appRoot(), "prisma", "migrations");
}

/** For tests that change variables between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}

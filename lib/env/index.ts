// The one place that reads process.env. Everything else asks this module, so that every variable is
// validated, documented (.env.example) and typed once. No secret falls back to a derived value.
import path from "node:path";
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
  // getStats ingest rate limits (requests per second, per app key and per client IP; bursts of
  // up to 10 s worth). A browser tab sends about one request per connection every 10 s.
  RELAYSCOPE_GETSTATS_RATE_PER_KEY: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  RELAYSCOPE_GETSTATS_RATE_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(20),
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

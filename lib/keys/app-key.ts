// App keys (the browser SDK's): public by design, so what protects an app is the origin check — a
// page may post with the key only from an origin the app lists. Verdicts are cached per key for
// 10 s (a busy ingest would otherwise spend two queries per request on them), so a revoked key or a
// removed origin takes up to 10 s to take effect on each app instance.
import { runQuery } from "../db/run-query";
import { type AuthFailure, authenticateKey } from "./store";

export type AppKey = { keyId: string; prefix: string; appId: string; tenantId: string; allowedOrigins: readonly string[] };
export type AppKeyVerdict = { ok: true; app: AppKey } | { ok: false; reason: AuthFailure | "no-app" };

const TTL_MS = 10_000;
const MAX_CACHED = 10_000;
const cache = new Map<string, { at: number; verdict: Promise<AppKeyVerdict> }>();

const APP_SQL = "SELECT tenant_id, allowed_origins FROM app WHERE id = $1";

async function lookUp(raw: string): Promise<AppKeyVerdict> {
  const auth = await authenticateKey(raw, ["app"]);
  if (!auth.ok) return auth;
  if (!auth.key.appId) return { ok: false, reason: "no-app" };
  const [app] = await runQuery<{ tenant_id: string; allowed_origins: string[] }>(APP_SQL, [auth.key.appId]);
  if (!app) return { ok: false, reason: "no-app" };
  return {
    ok: true,
    app: {
      keyId: auth.key.id,
      prefix: auth.key.prefix,
      appId: auth.key.appId,
      tenantId: app.tenant_id,
      allowedOrigins: app.allowed_origins,
    },
  };
}

export function authenticateAppKey(raw: string, now = Date.now()): Promise<AppKeyVerdict> {
  const hit = cache.get(raw);
  if (hit && now - hit.at < TTL_MS) return hit.verdict;
  if (cache.size >= MAX_CACHED) cache.clear();
  const verdict = lookUp(raw);
  cache.set(raw, { at: now, verdict });
  // A database error is not a verdict: the next request asks again.
  verdict.catch(() => cache.delete(raw));
  return verdict;
}

/** Drops cached verdicts (tests; `key revoke` in the same process). */
export function forgetAppKeys(): void {
  cache.clear();
}

/** Browsers always send Origin on a POST; native clients send none and are not origin-bound. */
export function originAllowed(app: AppKey, origin: string | null): boolean {
  return origin === null || app.allowedOrigins.includes(origin);
}

// The read API's endpoints, timed in-process: every GET route.ts under app/api/v1 (found on disk, so
// an endpoint added later is timed without touching the bench), called with a Request carrying a
// read-API token, its body read to the end. Ids of `[id]` routes come from the parent list endpoint's
// answer (the first `id` it shows), else from `fallbackIds`.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { discoverRoutes } from "../../../test/support/app-routes";

export const RANGES = ["24h", "7d", "90d"] as const;
export type RangeName = (typeof RANGES)[number];

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

export type EndpointTiming = {
  endpoint: string;
  range: RangeName;
  /** Sorted request times (ms); empty when the endpoint did not answer 2xx. */
  ms: number[];
  /** Why it was not timed (status and error message), or how it was limited. */
  note?: string;
  /** Over several passes: the median of the passes' p50 and p95, which stand instead of `ms`'s own. */
  medians?: { p50: number; p95: number };
};

export type TimingOptions = { root: string; token: string; iterations: number; warmup: number; budgetMs: number; fallbackIds: string[] };

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function call(handler: Handler, url: string, params: Record<string, string>, token: string) {
  const t0 = performance.now();
  const res = await handler(new Request(url, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve(params) });
  const body = await res.text();
  return { status: res.status, ms: performance.now() - t0, body };
}

/** The first string `id` of an object inside any array of a JSON answer. */
function firstListedId(body: string): string | undefined {
  const seen: unknown[] = [];
  try {
    seen.push(JSON.parse(body));
  } catch {
    return undefined;
  }
  for (let v = seen.shift(); v !== undefined; v = seen.shift()) {
    if (Array.isArray(v)) {
      for (const item of v)
        if (item && typeof item === "object" && typeof (item as { id?: unknown }).id === "string") return (item as { id: string }).id;
      seen.push(...v);
    } else if (v && typeof v === "object") seen.push(...Object.values(v));
  }
  return undefined;
}

const errorText = (status: number, body: string) => {
  try {
    const e = (JSON.parse(body) as { error?: { code?: string; message?: string } }).error;
    return `${status} ${e?.code ?? ""}: ${e?.message ?? body.slice(0, 120)}`;
  } catch {
    return `${status}: ${body.slice(0, 120)}`;
  }
};

/**
 * Times every endpoint × range. Requests go round-robin, one per target per round, so a transient
 * stall of the machine (autovacuum, a checkpoint, a GC pause) lands on every endpoint alike instead
 * of on whichever one was being timed at the moment; p95 of a 5 ms endpoint is its third-slowest
 * request of 60, so one stall would otherwise decide it.
 */
export async function timeEndpoints(o: TimingOptions, log: (line: string) => void): Promise<EndpointTiming[]> {
  const routes = discoverRoutes(path.join(o.root, "app")).filter(
    (r) => r.kind === "api" && r.method === "GET" && r.pattern.startsWith("/api/v1/"),
  );
  const handlers = new Map<string, Handler>();
  for (const r of routes) {
    const mod = (await import(pathToFileURL(r.file).href)) as { GET?: Handler };
    if (typeof mod.GET === "function") handlers.set(r.pattern, mod.GET);
  }
  const out: EndpointTiming[] = [];
  const targets: Array<{ t: EndpointTiming; handler: Handler; url: string; params: Record<string, string>; n: number }> = [];
  for (const r of routes) {
    const handler = handlers.get(r.pattern);
    if (!handler) continue;
    const dynamic = r.pattern.split("/").filter((s) => s.startsWith("["));
    for (const range of RANGES) {
      const t: EndpointTiming = { endpoint: r.pattern, range, ms: [] };
      out.push(t);
      if (dynamic.length > 1 || dynamic.some((s) => s.startsWith("[..."))) {
        t.note = "not timed: more than one or a catch-all parameter";
        continue;
      }
      const query = `?range=${range}`;
      let urlPath = r.pattern;
      let params: Record<string, string> = {};
      if (dynamic.length === 1) {
        const name = dynamic[0].slice(1, -1);
        const parent = r.pattern.slice(0, r.pattern.lastIndexOf("/"));
        const list = handlers.get(parent);
        const listed = list ? firstListedId((await call(list, `http://localhost${parent}${query}`, {}, o.token)).body) : undefined;
        let chosen: string | undefined;
        for (const id of [...(listed ? [listed] : []), ...o.fallbackIds]) {
          const probe = await call(
            handler,
            `http://localhost${r.pattern.replace(dynamic[0], encodeURIComponent(id))}${query}`,
            { [name]: id },
            o.token,
          );
          if (probe.status < 300) {
            chosen = id;
            break;
          }
        }
        if (chosen === undefined) {
          t.note = "not timed: no id from its list endpoint or the seeded data answers 2xx";
          continue;
        }
        params = { [name]: chosen };
        urlPath = r.pattern.replace(dynamic[0], encodeURIComponent(chosen));
      }
      const url = `http://localhost${urlPath}${query}`;
      let first = await call(handler, url, params, o.token);
      if (first.status >= 300) {
        t.note = `not timed: ${errorText(first.status, first.body)}`;
        continue;
      }
      for (let i = 1; i < o.warmup; i++) first = await call(handler, url, params, o.token);
      let n = o.iterations;
      if (first.ms * n > o.budgetMs) {
        n = Math.max(5, Math.floor(o.budgetMs / first.ms));
        t.note = `${n} runs (time budget)`;
      }
      targets.push({ t, handler, url, params, n });
    }
  }
  const rounds = Math.max(0, ...targets.map((x) => x.n));
  for (let i = 0; i < rounds; i++) {
    for (const x of targets) if (i < x.n) x.t.ms.push((await call(x.handler, x.url, x.params, o.token)).ms);
  }
  for (const { t } of targets) {
    t.ms.sort((a, b) => a - b);
    log(`  ${t.endpoint}?range=${t.range}: p50 ${percentile(t.ms, 50).toFixed(1)} ms, p95 ${percentile(t.ms, 95).toFixed(1)} ms`);
  }
  return out;
}

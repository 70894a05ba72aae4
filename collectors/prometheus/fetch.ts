// Fetching one /metrics page: a timeout, a bounded body (a 50 MB page is refused while it streams,
// not after), no Content-Type required (coturn 4.6.1 sends none), and every failure named with a
// reason the target's status can show.
import type { ScrapeFailureReason } from "../schema/metrics";
import { MAX_SCRAPE_BYTES } from "./parse";

export type FetchedPage =
  | { ok: true; text: string; durationMs: number }
  | { ok: false; reason: ScrapeFailureReason; error: string; durationMs: number };

/** A fetch that threw: a timeout, or a target that cannot be reached (named by its socket error). */
export function fetchFailure(err: unknown, timeoutMs: number, timedOut = false): { reason: "timeout" | "unreachable"; error: string } {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (timedOut || e.name === "TimeoutError") return { reason: "timeout", error: `no answer within ${Math.round(timeoutMs / 1000)} s` };
  return { reason: "unreachable", error: `unreachable: ${e.cause?.code ?? e.cause?.message ?? e.message}` };
}

/** The body as text, or null once it passes `max` bytes (the rest is not read). */
export async function readBoundedText(res: Response, max: number): Promise<string | null> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of res.body ?? []) {
    total += chunk.byteLength;
    if (total > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function fetchMetricsPage(
  url: string,
  opts: { timeoutMs: number; maxBytes?: number; fetch?: typeof fetch; now?: () => number },
): Promise<FetchedPage> {
  const now = opts.now ?? Date.now;
  const t0 = now();
  const max = opts.maxBytes ?? MAX_SCRAPE_BYTES;
  const fail = (reason: ScrapeFailureReason, error: string): FetchedPage => ({ ok: false, reason, error, durationMs: now() - t0 });
  const signal = AbortSignal.timeout(opts.timeoutMs);
  try {
    const res = await (opts.fetch ?? fetch)(url, {
      headers: { accept: "text/plain;version=0.0.4;q=0.9, */*;q=0.1" },
      redirect: "follow",
      signal,
    });
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => {});
      return fail("http_status", `HTTP ${res.status} ${res.statusText}`.trim());
    }
    const declared = Number(res.headers.get("content-length") ?? Number.NaN);
    if (Number.isFinite(declared) && declared > max) {
      await res.body?.cancel().catch(() => {});
      return fail("too_large", `the page is ${declared} bytes; at most ${max} are read`);
    }
    const text = await readBoundedText(res, max);
    if (text === null) return fail("too_large", `the page is larger than ${max} bytes`);
    return { ok: true, text, durationMs: now() - t0 };
  } catch (err) {
    const { reason, error } = fetchFailure(err, opts.timeoutMs, signal.aborted);
    return fail(reason, error);
  }
}

// The HTTP pusher (STYLE.md §8, after pino-loki): POST a gzipped JSON batch with the collector key,
// under a timeout, and turn every failure into a typed DeliveryError the delivery loop can act on.
import { promisify } from "node:util";
import { gzip as gzipCb } from "node:zlib";
import { type DeliveryResult, fatal, retryable } from "./errors";
import type { Outgoing } from "./outgoing";

const gzip = promisify(gzipCb);

export type PushOptions = {
  /** Base URL of the app, e.g. https://relayscope.example.com */
  appUrl: string;
  key: string;
  /** Route under the app, e.g. /api/ingest/coturn */
  path: string;
  timeoutMs?: number;
  /** Largest body the app accepts; a bigger one is refused here instead of by a 413. */
  maxBodyBytes?: number;
  fetch?: typeof fetch;
};

/** 4xx the app uses for requests that will fail the same way every time: a person must act. */
const FATAL_STATUSES = new Set([400, 401, 403, 404, 405, 410, 413, 415, 422]);

/** `path` under the app's base URL, keeping a base path (an app served at https://host/relayscope/). */
export function appEndpoint(appUrl: string, path: string): URL {
  const base = new URL(appUrl);
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  return new URL(path.replace(/^\/+/, ""), base);
}

export type ApiErrorBody = { error?: { code?: unknown; message?: unknown } };

/** The app's own words from `{ error: { code, message } }`, else the status text. */
export async function readApiError(res: Response): Promise<{ code?: string; message: string }> {
  const text = await res.text().catch(() => "");
  try {
    const body = JSON.parse(text) as ApiErrorBody;
    const message = typeof body.error?.message === "string" ? body.error.message : undefined;
    const code = typeof body.error?.code === "string" ? body.error.code : undefined;
    if (message) return { code, message };
  } catch {
    // not JSON: a proxy's HTML error page, say
  }
  return { message: `${res.status} ${res.statusText}`.trim() };
}

function retryAfterMs(res: Response): number | undefined {
  const v = res.headers.get("retry-after");
  if (!v) return undefined;
  const seconds = Number(v);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(v) - Date.now();
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 300_000) : undefined;
}

/** Maps a non-2xx answer to the error the delivery loop acts on. */
export async function errorForResponse(res: Response, what: string): Promise<Error> {
  const { code, message } = await readApiError(res);
  const text = `${what}: ${res.status} ${message}`;
  if (res.status >= 300 && res.status < 400) {
    return fatal(`${what}: redirected (${res.status}) to ${res.headers.get("location") ?? "?"}; use the final URL`, res.status);
  }
  if (FATAL_STATUSES.has(res.status)) return fatal(text, res.status, code);
  return retryable(text, res.status, code, undefined, retryAfterMs(res));
}

/** Network failures and timeouts, named compactly (`ECONNREFUSED`, `timed out after 30 s`). */
export function errorForFetchFailure(err: unknown, what: string, timeoutMs: number): Error {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError") return retryable(`${what}: timed out after ${Math.round(timeoutMs / 1000)} s`);
  const detail = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
  return retryable(`${what}: unreachable (${detail})`, undefined, undefined, err);
}

function summarize(body: unknown, fallback: number): DeliveryResult {
  const b = (body ?? {}) as { accepted?: unknown; inserted?: unknown; quarantined?: unknown };
  const quarantined = Array.isArray(b.quarantined) ? b.quarantined.length : typeof b.quarantined === "number" ? b.quarantined : 0;
  const accepted = typeof b.accepted === "number" ? b.accepted : Math.max(0, fallback - quarantined);
  return { accepted, quarantined };
}

export class HttpPushSink {
  readonly name: string;
  private readonly url: string;
  private readonly timeoutMs: number;

  constructor(private readonly opts: PushOptions) {
    this.url = appEndpoint(opts.appUrl, opts.path).toString();
    this.name = `the app at ${new URL(opts.appUrl).origin}`;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  async send(item: Outgoing<unknown>, signal?: AbortSignal): Promise<DeliveryResult> {
    const json = item.json();
    const max = this.opts.maxBodyBytes;
    if (max !== undefined && Buffer.byteLength(json) > max) {
      throw fatal(
        `a batch of ${Buffer.byteLength(json)} bytes exceeds the app's limit of ${max} bytes (agent bug: batches are cut well below it)`,
      );
    }
    const body = await gzip(json);
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let res: Response;
    try {
      res = await (this.opts.fetch ?? fetch)(this.url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${this.opts.key}`,
          "content-type": "application/json",
          "content-encoding": "gzip",
        },
        body,
        redirect: "manual",
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (err) {
      throw errorForFetchFailure(err, `POST ${this.opts.path}`, this.timeoutMs);
    }
    if (res.status !== 200 && res.status !== 207) throw await errorForResponse(res, `POST ${this.opts.path}`);
    const answer = await res.json().catch(() => null);
    return summarize(answer, item.events);
  }
}

// Where an agent resumes (DESIGN.md "Checkpoint protocol"): every checkpoint the app holds for this
// agent on this server, fetched once at start. Over HTTP for `--push`, in-process for `--direct`.
// The app being down at start is waited out like a failed delivery; a refusal (bad key, unknown
// server) is fatal at once, before any file is read.
import { setTimeout as sleep } from "node:timers/promises";
import type { CheckpointAnswer } from "../schema/coturn";
import { backoffDelay } from "./backoff";
import { asDeliveryError, fatal, retryable } from "./errors";
import { appEndpoint, errorForFetchFailure, errorForResponse } from "./push";

export type AgentCheckpoint = CheckpointAnswer["checkpoints"][number];

export interface CheckpointSource {
  fetch(query: { agentId: string; server: string }): Promise<AgentCheckpoint[]>;
}

export class HttpCheckpointSource implements CheckpointSource {
  constructor(private readonly opts: { appUrl: string; key: string; timeoutMs?: number; fetch?: typeof fetch }) {}

  async fetch(query: { agentId: string; server: string }): Promise<AgentCheckpoint[]> {
    const url = appEndpoint(this.opts.appUrl, "/api/ingest/checkpoint");
    url.searchParams.set("agentId", query.agentId);
    url.searchParams.set("server", query.server);
    const timeoutMs = this.opts.timeoutMs ?? 30_000;
    let res: Response;
    try {
      res = await (this.opts.fetch ?? fetch)(url, {
        headers: { authorization: `Bearer ${this.opts.key}` },
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw errorForFetchFailure(err, "GET /api/ingest/checkpoint", timeoutMs);
    }
    if (res.status !== 200) throw await errorForResponse(res, "GET /api/ingest/checkpoint");
    const body = (await res.json().catch(() => null)) as CheckpointAnswer | null;
    if (!body || !Array.isArray(body.checkpoints)) throw fatal("GET /api/ingest/checkpoint: the app's answer has no checkpoints list");
    return body.checkpoints;
  }
}

export class DirectCheckpointSource implements CheckpointSource {
  async fetch(query: { agentId: string; server: string }): Promise<AgentCheckpoint[]> {
    const { getCoturnCheckpoints, IngestRejected } = await import("../../lib/ingest/coturn");
    try {
      return (await getCoturnCheckpoints({ serverId: null }, { server: query.server, agentId: query.agentId })).checkpoints;
    } catch (err) {
      if (err instanceof IngestRejected) throw fatal(err.message, err.status, err.code, err);
      throw retryable(`database: ${(err as Error)?.message ?? String(err)}`, undefined, undefined, err);
    }
  }
}

/** Fetches with the delivery backoff until it works, a fatal answer comes, or `signal` stops it. */
export async function fetchCheckpointsWithRetry(
  source: CheckpointSource,
  query: { agentId: string; server: string },
  opts: { signal?: AbortSignal; onRetry?: (attempt: number, message: string, delayMs: number) => void } = {},
): Promise<AgentCheckpoint[] | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await source.fetch(query);
    } catch (err) {
      const e = asDeliveryError(err);
      if (!e.retryable) throw e;
      const delay = Math.max(backoffDelay(attempt), e.retryAfterMs ?? 0);
      opts.onRetry?.(attempt + 1, e.message, delay);
      await sleep(delay, undefined, { signal: opts.signal }).catch(() => {});
      if (opts.signal?.aborted) return null;
    }
  }
}

// Wire-format coturn batches and events (collectors/schema/coturn.ts) with explicit source
// positions, for unit and integration tests of ingest. Pure.
import { COTURN_WIRE_VERSION, type CoturnEvent } from "../../collectors/schema/coturn";

export type BatchOptions = {
  agentId?: string;
  fileId?: string;
  path?: string;
  offset?: number;
  state?: unknown;
  stats?: unknown;
  version?: number;
};

export function batch(server: string, events: unknown[], o: BatchOptions = {}) {
  const fileId = o.fileId ?? "dev:1:ino:42";
  return {
    version: o.version ?? COTURN_WIRE_VERSION,
    agentId: o.agentId ?? "agent-1",
    server,
    source: { fileId, path: o.path ?? "/var/log/turn.log" },
    events,
    checkpoint: { fileId, offset: o.offset ?? 1_000_000, state: o.state ?? { open: [] } },
    ...(o.stats === undefined ? {} : { stats: o.stats }),
  };
}

export const T0 = Date.UTC(2026, 10, 20, 8, 0, 0);
export const SID1 = "001000000000000001";
export const SID2 = "001000000000000002";

type Ev<T extends CoturnEvent["type"]> = Omit<Extract<CoturnEvent, { type: T }>, "type">;
export const ev = {
  run: (e: Ev<"run">) => ({ type: "run" as const, ...e }),
  session: (e: Ev<"session">) => ({ type: "session" as const, ...e }),
  usage: (e: Ev<"usage">) => ({ type: "usage" as const, ...e }),
  peer: (e: Ev<"peer">) => ({ type: "peer" as const, ...e }),
  event: (e: Ev<"event">) => ({ type: "event" as const, ...e }),
};

/** `n` usage lines of one session alternating legs, at positions from `firstPos` on. */
export function usageLines(run: number, sid: string, firstPos: number, n: number, ts = T0 + 10_000) {
  return Array.from({ length: n }, (_, i) =>
    ev.usage({
      pos: firstPos + i * 100,
      ts: ts + i * 1000,
      run,
      sid,
      leg: i % 2 === 0 ? "client" : "peer",
      rp: 10 + i,
      rb: 1000 + i,
      sp: 20 + i,
      sb: 2000 + i,
      realm: "example.test",
      username: "1795336472:alice",
    }),
  );
}

// Items → client_report rows (one per item, of every type, so each is stored once by its
// sequence). Pure. Field names match the jsonb_to_recordset column list in store.ts.
import type { ValidItem } from "./validate";

export type ReportRow = {
  sequence: number;
  item_type: "stats" | "ice-error" | "state";
  sampled_at: string;
  path_kind: string | null;
  local_candidate_type: string | null;
  remote_candidate_type: string | null;
  turn_url: string | null;
  relay_port: number | null;
  relay_address: string | null;
  rtt_ms: number | null;
  jitter_ms: number | null;
  fraction_lost: number | null;
  packets_lost_delta: number | null;
  bytes_sent_delta: number;
  bytes_received_delta: number;
  packets_sent_delta: number;
  packets_received_delta: number;
  available_outgoing_bitrate: number | null;
  path_changed: boolean;
  detail: Record<string, unknown> | null;
};

const iso = (ms: number) => new Date(ms).toISOString();

const EMPTY = {
  path_kind: null,
  local_candidate_type: null,
  remote_candidate_type: null,
  turn_url: null,
  relay_port: null,
  relay_address: null,
  rtt_ms: null,
  jitter_ms: null,
  fraction_lost: null,
  packets_lost_delta: null,
  bytes_sent_delta: 0,
  bytes_received_delta: 0,
  packets_sent_delta: 0,
  packets_received_delta: 0,
  available_outgoing_bitrate: null,
  path_changed: false,
} as const;

/** The parts of an item no column holds, or null. */
function compact(detail: Record<string, unknown>): Record<string, unknown> | null {
  const kept = Object.entries(detail).filter(([, v]) => v !== undefined);
  return kept.length ? Object.fromEntries(kept) : null;
}

export function reportRow(item: ValidItem): ReportRow {
  switch (item.type) {
    case "stats":
      return {
        sequence: item.sequence,
        item_type: "stats",
        sampled_at: iso(item.sampledAt),
        path_kind: item.pathKind,
        local_candidate_type: item.localCandidateType ?? null,
        remote_candidate_type: item.remoteCandidateType ?? null,
        turn_url: item.turnUrl ?? null,
        relay_port: item.relayPort ?? null,
        relay_address: item.relayAddress ?? null,
        rtt_ms: item.rttMs ?? null,
        jitter_ms: item.jitterMs ?? null,
        fraction_lost: item.fractionLost ?? null,
        packets_lost_delta: item.packetsLostDelta ?? null,
        bytes_sent_delta: item.delta.bytesSent,
        bytes_received_delta: item.delta.bytesReceived,
        packets_sent_delta: item.delta.packetsSent,
        packets_received_delta: item.delta.packetsReceived,
        available_outgoing_bitrate: item.availableOutgoingBitrate ?? null,
        path_changed: item.pathChanged,
        detail: compact({ mediaRttMs: item.mediaRttMs, relayProtocol: item.relayProtocol }),
      };
    case "ice-error":
      return {
        ...EMPTY,
        sequence: item.sequence,
        item_type: "ice-error",
        sampled_at: iso(item.at),
        detail: { url: item.url ?? null, code: item.errorCode, text: item.errorText ?? null },
      };
    case "state":
      return {
        ...EMPTY,
        sequence: item.sequence,
        item_type: "state",
        sampled_at: iso(item.at),
        detail: compact({ state: item.state, timeToConnectMs: item.timeToConnectMs }),
      };
  }
}

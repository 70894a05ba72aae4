// The tables the generator loads and their COPY column lists (in the order rows are written).
import { type DayTable, partitionedSink, plainSink, type TableSink } from "./copy";

export const COLUMNS = {
  relay_session: [
    "id",
    "tenant_id",
    "server_id",
    "run_started_at",
    "coturn_session_id",
    "realm",
    "username",
    "stable_user",
    "credential_expires_at",
    "client_prefix",
    "client_ip_hash",
    "client_transport",
    "tls_cipher",
    "tls_method",
    "listener_address",
    "relay_ip",
    "relay_port",
    "lifetime_seconds",
    "started_at",
    "allocated_at",
    "last_seen_at",
    "ended_at",
    "close_reason",
    "client_rx_packets",
    "client_rx_bytes",
    "client_tx_packets",
    "client_tx_bytes",
    "peer_rx_packets",
    "peer_rx_bytes",
    "peer_tx_packets",
    "peer_tx_bytes",
    "auth_failures",
    "error_count",
    "created_at",
    "updated_at",
  ],
  relay_usage_delta: [
    "id",
    "ts",
    "tenant_id",
    "server_id",
    "session_id",
    "leg",
    "rx_packets",
    "rx_bytes",
    "tx_packets",
    "tx_bytes",
    "ingested_at",
  ],
  relay_event: [
    "id",
    "ts",
    "tenant_id",
    "server_id",
    "session_id",
    "coturn_session_id",
    "kind",
    "code",
    "method",
    "realm",
    "username",
    "stable_user",
    "peer_prefix",
    "peer_ip_hash",
    "peer_class",
    "client_prefix",
    "client_ip_hash",
    "message",
    "detail",
    "ingested_at",
  ],
  relay_peer: [
    "id",
    "session_id",
    "tenant_id",
    "server_id",
    "grant",
    "peer_prefix",
    "peer_ip_hash",
    "peer_port",
    "peer_class",
    "first_seen_at",
    "last_seen_at",
    "updates",
  ],
  client_connection: [
    "id",
    "tenant_id",
    "app_id",
    "call_id",
    "participant_id",
    "connection_id",
    "first_received_at",
    "last_received_at",
    "path_kind",
    "local_candidate_type",
    "remote_candidate_type",
    "turn_url",
    "turn_server_id",
    "relay_port",
    "relay_ip",
    "forced_relay",
    "turn_username",
    "rtt_ms",
    "rtt_ms_max",
    "jitter_ms",
    "loss_pct",
    "bytes_sent",
    "bytes_received",
    "packets_sent",
    "packets_received",
    "packets_lost",
    "last_sequence",
    "ice_error_count",
    "ice_errors",
    "time_to_connect_ms",
    "state",
    "client_prefix",
    "client_ip_hash",
    "sdk_version",
    "user_agent",
    "relay_session_id",
    "joined_at",
    "join_attempts",
    "created_at",
    "updated_at",
  ],
  client_report: [
    "connection_id",
    "sequence",
    "connection_first_received_at",
    "tenant_id",
    "app_id",
    "received_at",
    "sampled_at",
    "path_kind",
    "rtt_ms",
    "jitter_ms",
    "fraction_lost",
    "packets_lost_delta",
    "bytes_sent_delta",
    "bytes_received_delta",
    "packets_sent_delta",
    "packets_received_delta",
    "available_outgoing_bitrate",
    "item_type",
    "detail",
  ],
} as const;

export type LoadedTable = keyof typeof COLUMNS;
export const LOADED_TABLES = Object.keys(COLUMNS) as LoadedTable[];
/** The day-partitioned ones and their partition column. */
export const PARTITION_COLUMN: Partial<Record<LoadedTable, string>> = {
  relay_usage_delta: "ts",
  relay_event: "ts",
  client_report: "connection_first_received_at",
};
export type Sinks = Record<LoadedTable, TableSink>;

/** One sink per table; the day tables made for partitioned ones are recorded in `made`. */
export function openSinks(url: string, made: DayTable[]): Sinks {
  const sinks = {} as Sinks;
  for (const table of LOADED_TABLES) {
    const column = PARTITION_COLUMN[table];
    sinks[table] = column ? partitionedSink(url, table, column, COLUMNS[table], made) : plainSink(url, table, COLUMNS[table]);
  }
  return sinks;
}

/** Sends every buffer that is full; finishes the days of partitioned tables before `t`. */
export async function flushFull(sinks: Sinks, t: number): Promise<void> {
  for (const table of LOADED_TABLES) {
    await sinks[table].flush();
    await sinks[table].advance(t);
  }
}

export async function finishSinks(sinks: Sinks): Promise<void> {
  await Promise.all(LOADED_TABLES.map((t) => sinks[t].finish()));
}

export async function abortSinks(sinks: Sinks): Promise<void> {
  await Promise.all(LOADED_TABLES.map((t) => sinks[t].abort()));
}

// The metric families relayscope understands, per TURN server software (../shared/reference/
// coturn-metrics.md, other-turn-servers.md). Anything else is "unknown": stored only when the target
// asks for it (`--include-unknown`). Pure.

export type ServerSoftware = "coturn" | "eturnal" | "stunner";
export type FamilyKind = "counter" | "gauge" | "histogram";
export type KnownFamily = {
  software: ServerSoftware;
  kind: FamilyKind;
  what: string;
  /**
   * coturn prints a counter that never moved as HELP/TYPE without a sample: it reads 0
   * (coturn-metrics.md §2.4). True for its unlabelled counters, whose one series is known.
   */
  zeroWhenEmpty?: boolean;
};

const coturnCounters: Record<string, string> = {
  stun_binding_request: "STUN Binding requests",
  stun_binding_response: "STUN Binding success responses",
  stun_binding_error: "STUN Binding error responses",
  turn_unauthenticated_401_requests: "UDP requests that needed a 401",
  turn_unauthenticated_401_responses: "UDP 401 responses sent",
  turn_unauthenticated_401_dropped_responses: "UDP 401s suppressed by unauthorized-ratelimit",
  turn_ratelimit_hash_collisions: "401 rate-limit hash collisions",
  turn_packet_processed: "UDP listener datagrams processed",
  turn_packet_dropped: "UDP listener datagrams dropped",
  turn_udp_recvmmsg_calls: "recvmmsg calls",
  turn_udp_recvmmsg_packets: "datagrams received by recvmmsg",
  turn_udp_sendmmsg_flushes: "egress batch flushes",
  turn_udp_sendmmsg_datagrams: "datagrams sent in batches",
  turn_udp_sendmmsg_gso_datagrams: "datagrams coalesced by UDP-GSO",
};
// Traffic of finished sessions only (they move when an allocation is deleted, not live).
for (const leg of ["", "peer_"]) {
  for (const [k, v] of Object.entries({ rcvp: "packets received", rcvb: "bytes received", sentp: "packets sent", sentb: "bytes sent" })) {
    const who = leg ? "peers" : "clients";
    coturnCounters[`turn_traffic_${leg}${k}`] = `finished sessions: ${v} (${who}), by realm`;
    coturnCounters[`turn_total_traffic_${leg}${k}`] = `finished sessions: ${v} (${who})`;
  }
}

const coturnGauges: Record<string, string> = {
  turn_total_allocations: "live allocations (by client transport since 4.6.2)",
  turn_ratelimit_occupied_buckets: "401 rate-limit buckets in use",
  turn_ratelimit_total_buckets: "401 rate-limit buckets",
};

const eturnal: Record<string, [FamilyKind, string]> = {
  eturnal_stun_requests_total: ["counter", "STUN Binding requests, by transport"],
  eturnal_turn_sessions_total: ["counter", "TURN sessions started, by transport"],
  eturnal_turn_open_sessions: ["gauge", "open TURN sessions, by transport"],
  eturnal_turn_relay_sent_bytes: ["histogram", "bytes sent to peers per finished session"],
  eturnal_turn_relay_rcvd_bytes: ["histogram", "bytes received from peers per finished session"],
  eturnal_turn_session_duration_seconds: ["histogram", "duration of finished sessions"],
  eturnal_protocol_error_total: ["counter", "STUN/TURN error responses, by transport and reason"],
};

const stunner: Record<string, [FamilyKind, string]> = {
  stunner_allocations_active: ["gauge", "live allocations"],
  stunner_listener_connections: ["gauge", "open listener connections"],
  stunner_listener_connections_total: ["counter", "listener connections accepted"],
  stunner_listener_packets_total: ["counter", "listener packets, by direction"],
  stunner_listener_bytes_total: ["counter", "listener bytes, by direction"],
  stunner_cluster_packets_total: ["counter", "cluster packets, by direction"],
  stunner_cluster_bytes_total: ["counter", "cluster bytes, by direction"],
};

export const KNOWN_FAMILIES: ReadonlyMap<string, KnownFamily> = new Map<string, KnownFamily>([
  ...Object.entries(coturnCounters).map(([n, what]): [string, KnownFamily] => [
    n,
    { software: "coturn", kind: "counter", what, zeroWhenEmpty: !n.startsWith("turn_traffic_") },
  ]),
  ...Object.entries(coturnGauges).map(([n, what]): [string, KnownFamily] => [n, { software: "coturn", kind: "gauge", what }]),
  ...Object.entries(eturnal).map(([n, [kind, what]]): [string, KnownFamily] => [n, { software: "eturnal", kind, what }]),
  ...Object.entries(stunner).map(([n, [kind, what]]): [string, KnownFamily] => [n, { software: "stunner", kind, what }]),
]);

/** Families whose labels may hold one value per TURN user (coturn's `--prometheus-username-labels`). */
export const PER_USER_LABEL = "user";

// The calls list's closed lists, shared by the query (list-calls.ts) and the page's controls. No
// server code here: the page's client bundle imports it.
export const CALL_SORT_KEYS = ["started", "participants", "connections", "rtt", "loss", "bytes"] as const;
export type CallSortKey = (typeof CALL_SORT_KEYS)[number];
export const PATH_KINDS = ["direct", "turn-udp", "turn-tcp", "turn-tls", "turn-unknown"] as const;
export type PathKind = (typeof PATH_KINDS)[number];
export const DEFAULT_CALL_SORT = "-started";

// The sessions explorer's closed lists, shared by the query (list-sessions.ts) and the page's
// controls. No server code here: the page's client bundle imports it.
export const SESSION_SORT_KEYS = ["started", "ended", "bytes", "duration", "user"] as const;
export type SessionSortKey = (typeof SESSION_SORT_KEYS)[number];
export const CLIENT_TRANSPORTS = ["udp", "tcp", "tls", "dtls"] as const;
export type ClientTransport = (typeof CLIENT_TRANSPORTS)[number];
export const DEFAULT_SESSION_SORT = "-started";

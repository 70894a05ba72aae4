// Which TURN server a browser's ICE server url names. The url in getStats is the one the app put in
// its RTCConfiguration (`turn:host:port?transport=…`); operators register the urls they hand out
// (`relayscope server add --url`) and the names their servers are reached at (`--hostname`). A url
// matches a server by host and port (the scheme's default port when none is given; `?transport`
// ignored), or by host alone when the host is one of the server's hostnames. Pure.

export type ServerUrls = { id: string; urls: readonly string[]; hostnames: readonly string[] };
export type IceEndpoint = { host: string; port: number };

const DEFAULT_PORT: Record<string, number> = { turn: 3478, stun: 3478, turns: 5349, stuns: 5349 };

/** `turns:Turn.Example.com:443?transport=tcp` → { host: "turn.example.com", port: 443 }. */
export function iceEndpoint(url: string): IceEndpoint | null {
  const m = /^(turns?|stuns?):(\[[0-9a-fA-F:.]+\]|[^:?\s/]+)(?::(\d{1,5}))?(?:\?.*)?$/i.exec(url.trim());
  if (!m) return null;
  const port = m[3] ? Number(m[3]) : DEFAULT_PORT[m[1].toLowerCase()];
  if (!(port >= 1 && port <= 65535)) return null;
  return { host: m[2].replace(/^\[|\]$/g, "").toLowerCase(), port };
}

/** Ids of the servers the url names (normally one; none when it is a server we do not collect from). */
export function serversForUrl(servers: readonly ServerUrls[], url: string): string[] {
  const target = iceEndpoint(url);
  if (!target) return [];
  return servers
    .filter(
      (s) =>
        s.urls.some((u) => {
          const e = iceEndpoint(u);
          return e !== null && e.host === target.host && e.port === target.port;
        }) || s.hostnames.some((h) => h.toLowerCase() === target.host),
    )
    .map((s) => s.id);
}

// The address a request came from. `relayscope start` sets X-Forwarded-For to exactly this one
// address before Next sees the request (Next itself keeps any X-Forwarded-For the client sent, which
// anyone can forge), so route handlers and rate limits can trust the header. Behind N proxies that
// append to X-Forwarded-For (RELAYSCOPE_TRUSTED_PROXY_HOPS), the client is the Nth entry from the
// right: entries further left were written by the client and are ignored. The header counts only on
// connections from the proxies' own addresses (RELAYSCOPE_TRUSTED_PROXY_ADDRESSES): a client that
// reaches the port directly cannot claim to be 127.0.0.1.
import ipaddr from "ipaddr.js";

/** The client address for a request received on a socket from `socketAddress`. */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedHops: number,
  trustedProxies: readonly string[] = ["0.0.0.0/0", "::/0"],
): string | undefined {
  const socket = unmapped(socketAddress);
  if (trustedHops === 0 || !addressInCidrs(socket, trustedProxies)) return socket;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const hops = header
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  // Fewer entries than proxies: the request bypassed a proxy, and the nearest proxy's entry (the
  // rightmost) is the only one not written by the client. Anything that is no IP address is ignored.
  const pick = hops.length >= trustedHops ? hops[hops.length - trustedHops] : hops[hops.length - 1];
  const address = unmapped(pick);
  return address && ipaddr.isValid(address) ? address : socket;
}

/** What `relayscope start` stored in X-Forwarded-For (one address), in a route handler. */
export function requestClientAddress(req: { readonly headers: { get(name: string): string | null } }): string | undefined {
  const value = req.headers.get("x-forwarded-for");
  return value ? value.split(",")[0].trim() || undefined : undefined;
}

/** Whether an address (IPv4, IPv6 or IPv4-mapped IPv6) lies in one of the CIDRs. */
export function addressInCidrs(address: string | undefined, cidrs: readonly string[]): boolean {
  if (!address || !ipaddr.isValid(address)) return false;
  let addr = ipaddr.parse(address);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  return cidrs.some((c) => {
    const [net, bits] = ipaddr.parseCIDR(c);
    return net.kind() === addr.kind() && addr.match(net, bits);
  });
}

// Node reports IPv4 clients of a dual-stack socket as ::ffff:a.b.c.d.
function unmapped(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1] : address;
}

// Client and peer addresses as coturn prints them, reduced to what we may keep (DESIGN.md "Personal
// data"): a /24 (IPv4) or /48 (IPv6) prefix plus a keyed hash. The full address lives only in memory.
// Lenient about the forms, never wrong: anything we cannot read with certainty is null.
import { createHmac } from "node:crypto";
import ipaddr from "ipaddr.js";

export type ParsedAddress = {
  /** Normalised address: dotted quad, or RFC 5952 IPv6. IPv4-mapped IPv6 becomes IPv4. */
  ip: string;
  family: 4 | 6;
  port: number | null;
  parsed: ipaddr.IPv4 | ipaddr.IPv6;
};

export type ParseOptions = {
  /**
   * An unbracketed IPv6 text followed by `:<port>` (coturn's `IPv6. Local relay addr: ::1:50000`
   * lines print address and port that way). `2001:db8::1:5678` is a valid address on its own, so the
   * caller says which reading applies: true for fields that always carry a port (client, relay,
   * listener), false (the default) for bare addresses such as peers, which coturn prints bracketed
   * when a port is known.
   */
  v6PortSuffix?: boolean;
};

const PORT = /^\d{1,5}$/;

function port(text: string): number | null | undefined {
  if (!PORT.test(text)) return undefined;
  const n = Number(text);
  return n <= 65_535 ? n : undefined;
}

function v4(text: string): ipaddr.IPv4 | null {
  // Only four-part decimal: ipaddr.js (like inet_aton) would also read `127.1` or `0x7f.0.0.1`.
  return ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text) : null;
}

function v6(text: string): ipaddr.IPv6 | null {
  const bare = text.replace(/%[A-Za-z0-9_.-]{1,32}$/, ""); // zone id (`fe80::1%eth0`): not part of the address
  if (!bare.includes(":") || !ipaddr.IPv6.isValid(bare)) return null;
  // An embedded IPv4 tail (`::ffff:1.2.3.4`) must be four-part decimal too.
  if (bare.includes(".") && !v4(bare.slice(bare.lastIndexOf(":") + 1))) return null;
  return ipaddr.IPv6.parse(bare);
}

function result(addr: ipaddr.IPv4 | ipaddr.IPv6, p: number | null): ParsedAddress {
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    const mapped = (addr as ipaddr.IPv6).toIPv4Address();
    return { ip: mapped.toString(), family: 4, port: p, parsed: mapped };
  }
  if (addr.kind() === "ipv4") return { ip: addr.toString(), family: 4, port: p, parsed: addr };
  return { ip: (addr as ipaddr.IPv6).toRFC5952String(), family: 6, port: p, parsed: addr };
}

/** `1.2.3.4:5678`, `1.2.3.4`, `[::1]:5678`, `[::1]`, `::1`, and (with v6PortSuffix) `::1:5678`. */
export function parseAddress(raw: string | null | undefined, opts: ParseOptions = {}): ParsedAddress | null {
  const text = raw?.trim();
  if (!text || text.length > 64) return null;
  if (text.startsWith("[")) {
    const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
    if (!m) return null;
    const addr = v6(m[1]) ?? null;
    const p = m[2] === undefined ? null : port(m[2]);
    return addr && p !== undefined ? result(addr, p) : null;
  }
  const colons = text.split(":").length - 1;
  if (colons === 0) {
    const addr = v4(text);
    return addr ? result(addr, null) : null;
  }
  if (colons === 1) {
    const [host, portText] = text.split(":");
    const addr = v4(host);
    const p = port(portText);
    return addr && p !== undefined ? result(addr, p) : null;
  }
  if (opts.v6PortSuffix) {
    const cut = text.lastIndexOf(":");
    const head = text.slice(0, cut);
    const p = port(text.slice(cut + 1));
    // `2001:db8:0:0:0:0:0:1` minus its last group is no address: then the whole text is the address.
    const addr = p !== undefined && !head.endsWith(":") ? v6(head) : null;
    if (addr) return result(addr, p ?? null);
  }
  const addr = v6(text);
  return addr ? result(addr, null) : null;
}

/** The network prefix we keep: `a.b.c.0/24` or `xxxx:xxxx:xxxx::/48` (inet text). */
export function truncatedPrefix(addr: ParsedAddress): string {
  const bits = addr.family === 4 ? 24 : 48;
  const bytes = addr.parsed.toByteArray();
  const keep = bits / 8;
  const masked = bytes.map((b, i) => (i < keep ? b : 0));
  const network = ipaddr.fromByteArray(masked);
  const text = network.kind() === "ipv6" ? (network as ipaddr.IPv6).toRFC5952String() : network.toString();
  return `${text}/${bits}`;
}

export type IpHashKey = { version: number; key: Buffer };

/** `<key version>:<hex of HMAC-SHA256(key, normalised ip)>`; 66–69 characters, fits varchar(80). */
export function hashIp(key: IpHashKey, addr: ParsedAddress): string {
  return `${key.version}:${createHmac("sha256", key.key).update(addr.ip).digest("hex")}`;
}

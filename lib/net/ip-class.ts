// Which kind of network an address belongs to, in the words of abuse-rules.md: a relay reaching
// anything but `public` is worth a look (R1/R2). Our own table of special-purpose ranges (RFC 6890
// and successors) rather than ipaddr.js's range(), whose names and grouping differ by version.
import ipaddr from "ipaddr.js";

export const ipClasses = [
  "loopback",
  "private",
  "cgnat",
  "link_local",
  "metadata",
  "ula",
  "multicast",
  "documentation",
  "reserved",
  "public",
] as const;
export type IpClass = (typeof ipClasses)[number];

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];
const cidr = (text: string): Range => ipaddr.parseCIDR(text);

// First match wins: the metadata hosts sit inside link-local, ULA and CGNAT ranges.
const V4: Array<[IpClass, Range[]]> = [
  // AWS/GCP/Azure/OpenStack instance metadata; Alibaba Cloud's sits in CGNAT space.
  ["metadata", [cidr("169.254.169.254/32"), cidr("100.100.100.200/32")]],
  // abuse-rules.md: 0.0.0.0/8 reaches the host itself on Linux, so it counts as loopback.
  ["loopback", [cidr("127.0.0.0/8"), cidr("0.0.0.0/8")]],
  ["private", [cidr("10.0.0.0/8"), cidr("172.16.0.0/12"), cidr("192.168.0.0/16")]],
  ["cgnat", [cidr("100.64.0.0/10")]],
  ["link_local", [cidr("169.254.0.0/16")]],
  ["multicast", [cidr("224.0.0.0/4")]],
  ["documentation", [cidr("192.0.2.0/24"), cidr("198.51.100.0/24"), cidr("203.0.113.0/24")]],
  [
    "reserved",
    [
      cidr("192.0.0.0/24"), // IETF protocol assignments
      cidr("192.88.99.0/24"), // 6to4 relay anycast (deprecated)
      cidr("198.18.0.0/15"), // benchmarking
      cidr("240.0.0.0/4"), // reserved, incl. 255.255.255.255 broadcast
    ],
  ],
];

const V6: Array<[IpClass, Range[]]> = [
  ["metadata", [cidr("fd00:ec2::254/128")]], // AWS instance metadata over IPv6
  ["loopback", [cidr("::1/128"), cidr("::/128")]],
  ["link_local", [cidr("fe80::/10")]],
  ["private", [cidr("fec0::/10")]], // site-local (deprecated, still denied by coturn ≥ 4.13)
  ["ula", [cidr("fc00::/7")]],
  ["multicast", [cidr("ff00::/8")]],
  ["documentation", [cidr("2001:db8::/32"), cidr("3fff::/20")]],
  [
    "reserved",
    [
      cidr("100::/64"), // discard-only
      cidr("2001::/23"), // IETF protocol assignments (Teredo, benchmarking, ORCHID…)
      cidr("::/96"), // IPv4-compatible (deprecated)
    ],
  ],
];

// IPv6 forms that carry an IPv4 destination: classify by the IPv4 inside (NAT64 to 169.254.169.254
// is a metadata request).
const NAT64 = [cidr("64:ff9b::/96")];
const GLOBAL_UNICAST_V6 = cidr("2000::/3");

function inAny(addr: ipaddr.IPv4 | ipaddr.IPv6, ranges: Range[]): boolean {
  return ranges.some((r) => addr.kind() === r[0].kind() && addr.match(r));
}

function classifyV4(addr: ipaddr.IPv4): IpClass {
  for (const [name, ranges] of V4) if (inAny(addr, ranges)) return name;
  return "public";
}

function classifyV6(addr: ipaddr.IPv6): IpClass {
  if (addr.isIPv4MappedAddress()) return classifyV4(addr.toIPv4Address());
  if (inAny(addr, NAT64)) return classifyV4(ipaddr.IPv4.parse(addr.toByteArray().slice(12).join(".")));
  for (const [name, ranges] of V6) if (inAny(addr, ranges)) return name;
  if (addr.match(GLOBAL_UNICAST_V6)) {
    // 6to4: the IPv4 in bits 16–47 is where the packet really goes.
    if (addr.parts[0] === 0x2002) {
      const b = addr.toByteArray();
      return classifyV4(new ipaddr.IPv4([b[2], b[3], b[4], b[5]]));
    }
    return "public";
  }
  return "reserved"; // outside 2000::/3 nothing is assigned for global use
}

/** Class of an already parsed address, or of an address text (null when it is not an IP). */
export function classifyIp(addr: ipaddr.IPv4 | ipaddr.IPv6 | string): IpClass | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  if (typeof addr === "string") {
    if (!ipaddr.isValid(addr) || (ipaddr.IPv4.isIPv4(addr) && !ipaddr.IPv4.isValidFourPartDecimal(addr))) return null;
    parsed = ipaddr.parse(addr);
  } else parsed = addr;
  return parsed.kind() === "ipv4" ? classifyV4(parsed as ipaddr.IPv4) : classifyV6(parsed as ipaddr.IPv6);
}

// Addresses of one batch reduced to what we store: prefix, keyed hash, class, port, and the full IP
// only while in memory (the caller keeps it for non-public peers alone). Memoised per batch: a busy
// client or peer appears on many lines.
import { classifyIp, type IpClass } from "../../net/ip-class";
import { hashIp, type IpHashKey, parseAddress, truncatedPrefix } from "../../privacy/ip";

export type StoredAddress = { ip: string; port: number | null; prefix: string; hash: string; cls: IpClass };

export type AddressReader = (raw: string | undefined, opts?: { v6PortSuffix?: boolean }) => StoredAddress | null;

export function addressReader(key: IpHashKey): AddressReader {
  const memo = new Map<string, StoredAddress | null>();
  return (raw, opts = {}) => {
    if (raw === undefined) return null;
    const memoKey = `${opts.v6PortSuffix ? "p" : "b"}${raw}`;
    const hit = memo.get(memoKey);
    if (hit !== undefined) return hit;
    const addr = parseAddress(raw, opts);
    const out = addr
      ? { ip: addr.ip, port: addr.port, prefix: truncatedPrefix(addr), hash: hashIp(key, addr), cls: classifyIp(addr.parsed) ?? "reserved" }
      : null;
    memo.set(memoKey, out);
    return out;
  };
}

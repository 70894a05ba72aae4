// Addresses reduced to what we store: prefix, keyed hash, class, port, and the full IP only while in
// memory (the caller keeps it for non-public peers alone). Memoised per hash key across batches,
// bounded: a busy client or peer appears on many lines of many batches, and each is an HMAC.
import { ownString } from "../../../collectors/coturn/own-string";
import { classifyIp, type IpClass } from "../../net/ip-class";
import { hashIp, type IpHashKey, type ParsedAddress, parseAddress, truncatedPrefix } from "../../privacy/ip";

export type StoredAddress = { ip: string; port: number | null; prefix: string; hash: string; cls: IpClass };

export type AddressReader = (raw: string | undefined, opts?: { v6PortSuffix?: boolean }) => StoredAddress | null;

/** Past this many entries a memo starts over: bounded memory, and cheap to refill. */
const MEMO_MAX = 10_000;
const memos = new WeakMap<IpHashKey, Map<string, StoredAddress | null>>();
// The hash is of the IP alone: a client reconnecting from a new port costs no second HMAC.
const hashMemos = new WeakMap<IpHashKey, Map<string, string>>();

/** The memo of this hash key (a new key, after rotation, starts with an empty one). */
function memoOf<V>(byKey: WeakMap<IpHashKey, Map<string, V>>, key: IpHashKey): Map<string, V> {
  let memo = byKey.get(key);
  if (!memo) {
    memo = new Map();
    byKey.set(key, memo);
  }
  return memo;
}

function remember<V>(memo: Map<string, V>, k: string, v: V): V {
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(k, v);
  return v;
}

function hashOf(key: IpHashKey, addr: ParsedAddress): string {
  const memo = memoOf(hashMemos, key);
  return memo.get(addr.ip) ?? remember(memo, addr.ip, hashIp(key, addr));
}

export function addressReader(key: IpHashKey): AddressReader {
  const memo = memoOf(memos, key);
  return (raw, opts = {}) => {
    if (raw === undefined) return null;
    const memoKey = `${opts.v6PortSuffix ? "p" : "b"}${raw}`;
    const hit = memo.get(memoKey);
    if (hit !== undefined) return hit;
    const addr = parseAddress(raw, opts);
    const out = addr
      ? { ip: addr.ip, port: addr.port, prefix: truncatedPrefix(addr), hash: hashOf(key, addr), cls: classifyIp(addr.parsed) ?? "reserved" }
      : null;
    // The key embeds text cut from a log line (see ownString): the memo outlives that line.
    return remember(memo, ownString(memoKey), out);
  };
}

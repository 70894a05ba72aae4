// COPY text-format values, made cheaply: at 10 M sessions the generator formats ~80 M rows, so a
// Date + toISOString per timestamp or a SHA-1 per id would cost minutes on their own.
import { hash32 } from "./random";

/** `\N`: NULL in COPY text format. */
export const NULL = "\\N";

/** Timestamps as `YYYY-MM-DD HH:MM:SS.mmm+00`, the minute prefix cached (rows arrive roughly in time order). */
export class TimeText {
  private minutes = new Map<number, string>();

  at(ms: number): string {
    const t = Math.round(ms);
    const minute = Math.floor(t / 60_000);
    let head = this.minutes.get(minute);
    if (head === undefined) {
      if (this.minutes.size > 100_000) this.minutes.clear();
      head = new Date(minute * 60_000).toISOString().slice(0, 17).replace("T", " ");
      this.minutes.set(minute, head);
    }
    const rest = t - minute * 60_000;
    const s = Math.floor(rest / 1000);
    const m = rest - s * 1000;
    return `${head}${s < 10 ? "0" : ""}${s}.${m < 10 ? "00" : m < 100 ? "0" : ""}${m}+00`;
  }
}

/** Id families: the first group of every generated uuid, so ids of different tables never meet. */
export const ID_KIND = {
  tenant: "7e000001",
  server: "7e000002",
  app: "7e000003",
  run: "7e000004",
  session: "7e000010",
  delta: "7e000011",
  event: "7e000012",
  peer: "7e000013",
  connection: "7e000020",
  user: "7e000030",
} as const;

/**
 * A deterministic uuid from a counter: `<family>-0000-5000-8000-<counter, 12 hex>` (version and
 * variant bits valid). Ascending with the counter, which the generator hands out in time order.
 */
export function counterUuid(kind: keyof typeof ID_KIND, n: number): string {
  return `${ID_KIND[kind]}-0000-5000-8000-${n.toString(16).padStart(12, "0")}`;
}

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** A stable hex string of `chars` characters (a multiple of 8) from integers: keyed-hash lookalikes. */
export function hexOf(chars: number, ...parts: number[]): string {
  let h = hash32(...parts) || 1;
  let out = "";
  while (out.length < chars) {
    // xorshift32: cheap, and never stuck at 0 since h starts non-zero.
    h ^= h << 13;
    h ^= h >>> 17;
    h ^= h << 5;
    out += HEX_BYTE[h & 255] + HEX_BYTE[(h >>> 8) & 255] + HEX_BYTE[(h >>> 16) & 255] + HEX_BYTE[(h >>> 24) & 255];
  }
  return out;
}

/** A public-looking IPv4 /24 for an integer (documentation and private ranges avoided). */
const FIRST_OCTETS = [31, 46, 62, 78, 81, 88, 92, 104, 109, 145, 151, 176, 185, 188, 193, 212, 217];
export function prefix24(n: number): string {
  const h = hash32(n, 0x24);
  return `${FIRST_OCTETS[h % FIRST_OCTETS.length]}.${(h >>> 8) & 255}.${(h >>> 16) & 255}.0/24`;
}

/** One COPY text row. Values are ours (no tabs, newlines or backslashes), so nothing needs escaping. */
export function line(values: ReadonlyArray<string | number>): string {
  return `${values.join("\t")}\n`;
}

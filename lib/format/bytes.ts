// Volumes and rates. Decimal (SI) units, 1 KB = 1000 B and 1 GB = 10^9 B, because TURN traffic is
// billed that way by every cloud provider and the cost pages must add up with these numbers; binary
// units (KiB, GiB) would make "relayed GB" and "billed GB" differ by 7 %. Rates are in bits per
// second, as network people read bandwidth.
import { grouped, isNumber, NONE } from "./numbers";

/** Shown near byte figures where the unit choice matters (e.g. a cost card's description). */
export const BYTES_NOTE = "1 GB = 1,000,000,000 bytes (decimal units, as billed)";

const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB", "PB"] as const;
const BIT_RATE_UNITS = ["b/s", "kb/s", "Mb/s", "Gb/s", "Tb/s"] as const;

/** Scales by 1000 and keeps about three significant digits: 1.23 / 12.3 / 123. */
function scaled(n: number, units: readonly string[]): string {
  const sign = n < 0 ? "-" : "";
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  if (i === 0) return `${sign}${grouped(v, 0)} ${units[0]}`;
  let decimals = v < 10 ? 2 : v < 100 ? 1 : 0;
  // Rounding can carry into the next unit (999.6 KB → "1,000 KB"): show 1 MB instead.
  if (Number(v.toFixed(decimals)) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
    decimals = 2;
  }
  return `${sign}${grouped(v, decimals)} ${units[i]}`;
}

/** Bytes in decimal units: 999 B, 1.5 KB, 12.3 MB, 1.23 GB, 4.5 TB. */
export function formatBytes(n: number | null | undefined): string {
  return isNumber(n) ? scaled(n, BYTE_UNITS) : NONE;
}

/** A bit rate given in bits per second: 950 b/s, 1.5 kb/s, 12.3 Mb/s. */
export function formatBitRate(bitsPerSecond: number | null | undefined): string {
  return isNumber(bitsPerSecond) ? scaled(bitsPerSecond, BIT_RATE_UNITS) : NONE;
}

/** A byte rate (bytes per second, as counters give it) shown as a bit rate. */
export function formatByteRate(bytesPerSecond: number | null | undefined): string {
  return isNumber(bytesPerSecond) ? scaled(bytesPerSecond * 8, BIT_RATE_UNITS) : NONE;
}

// The decimal reader of the hot classification path: no regex, no substring.

/** Where the digits read by the last `uint` call end (a live binding; parsing is synchronous). */
export let uintEnd = 0;

/** Decimal at `p` (sets `uintEnd`); -1 when there is none or it exceeds 2^53. */
export function uint(s: string, p: number): number {
  let v = 0;
  let k = p;
  for (; k < s.length; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
  }
  uintEnd = k;
  return k === p || v > Number.MAX_SAFE_INTEGER ? -1 : v;
}

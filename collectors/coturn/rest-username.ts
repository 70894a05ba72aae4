// TURN REST API usernames (coturn-logs.md §6): `<expiry>:<user>` (standard), `<user>:<expiry>` and
// `<expiry>` alone, with `--rest-api-separator` (default `:`). The expiry is unix seconds. Pure; shared
// by the agents and the app, which keeps the stable user and the expiry apart (DESIGN.md "Personal data").

export type RestUsername = {
  /** The username without its expiry; the raw username when it is not a REST username; null when none is left. */
  stableUser: string | null;
  /** The credential's expiry (epoch ms) when the username carries one. */
  expiresAtMs: number | null;
};

// 9–11 digits: 1973-03 … 5138-11 in unix seconds. Shorter numbers are more likely user ids.
const EXPIRY = /^\d{9,11}$/;

export function splitRestUsername(raw: string | null | undefined, separator = ":"): RestUsername {
  if (!raw) return { stableUser: null, expiresAtMs: null };
  if (EXPIRY.test(raw)) return { stableUser: null, expiresAtMs: Number(raw) * 1000 };
  if (separator.length > 0) {
    const first = raw.indexOf(separator);
    if (first >= 0) {
      const head = raw.slice(0, first);
      // coturn reads the part before the first separator as the expiry when it is all digits.
      if (EXPIRY.test(head)) {
        const user = raw.slice(first + separator.length);
        return { stableUser: user === "" ? null : user, expiresAtMs: Number(head) * 1000 };
      }
      const last = raw.lastIndexOf(separator);
      const tail = raw.slice(last + separator.length);
      if (EXPIRY.test(tail)) return { stableUser: last === 0 ? null : raw.slice(0, last), expiresAtMs: Number(tail) * 1000 };
    }
  }
  return { stableUser: raw, expiresAtMs: null };
}

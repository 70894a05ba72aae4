// A fast accept for the one event shape that is most of every batch: `usage`, one per usage line.
// zod (collectors/schema/coturn.ts) stays the contract: this returns exactly what zod's parse plus
// cleanDeep would, or null for anything it is not sure of, and validate.ts then asks zod, which
// also words the reason. test/unit/ingest/usage-fast-path.test.ts holds the two side by side.
import { MIN_EVENT_TIME_MS, type UsageEvent } from "../../../collectors/schema/coturn";
import { cleanText } from "../safe-json";

const MAX_TIME_MS = Date.UTC(2200, 0, 1);
const SID = /^\d{1,18}$/;

const time = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= MIN_EVENT_TIME_MS && (v as number) <= MAX_TIME_MS;
const counter = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= Number.MAX_SAFE_INTEGER;
const text255 = (v: unknown): v is string | undefined => v === undefined || (typeof v === "string" && v.length <= 255);

const KNOWN_KEYS = new Set(["type", "pos", "sub", "ts", "run", "sid", "leg", "rp", "rb", "sp", "sb", "realm", "username"]);

function onlyKnownKeys(e: Record<string, unknown>): boolean {
  for (const k in e) if (!KNOWN_KEYS.has(k)) return false;
  return true;
}

export function fastUsageEvent(raw: unknown): UsageEvent | null {
  if (raw === null || typeof raw !== "object") return null;
  const e = raw as Record<string, unknown>;
  if (e.type !== "usage") return null;
  const { pos, sub, ts, run, sid, leg, rp, rb, sp, sb, realm, username } = e;
  if (!counter(pos) || !(sub === undefined || (Number.isInteger(sub) && (sub as number) >= 0 && (sub as number) <= 1_000_000))) return null;
  if (!time(ts) || !time(run) || typeof sid !== "string" || !SID.test(sid)) return null;
  if ((leg !== "client" && leg !== "peer") || !counter(rp) || !counter(rb) || !counter(sp) || !counter(sb)) return null;
  if (!text255(realm) || !text255(username)) return null;
  // The agent's own events (`--direct`) have exactly these keys and clean text: zod's output would be
  // an equal copy, so the event itself is used. One object fewer per usage line in every batch held.
  if (sub !== undefined && onlyKnownKeys(e) && (realm === undefined || cleanText(realm) === realm)) {
    if (username === undefined || cleanText(username) === username) return e as UsageEvent;
  }
  const out: UsageEvent = { type: "usage", pos, sub: (sub as number | undefined) ?? 0, ts, run, sid, leg, rp, rb, sp, sb };
  // zod keeps a key that is present with the value undefined; so does this.
  if ("realm" in e) out.realm = realm === undefined ? undefined : cleanText(realm);
  if ("username" in e) out.username = username === undefined ? undefined : cleanText(username);
  return out;
}

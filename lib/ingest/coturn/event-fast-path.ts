// A fast accept for the agent's own `session` and `peer` events, the bulk of a batch after usage
// (usage-fast-path.ts). zod (collectors/schema/coturn.ts) stays the contract: this hands back the
// event itself only when zod's parse plus cleanDeep would be an equal copy (known keys only, every
// value valid, text already clean, `sub` given), and null for anything else, which validate.ts then
// asks zod about (zod also words the reason). In a backfill zod was a quarter of the agent's garbage.
// test/unit/coturn/event-fast-path.test.ts holds the two side by side.
import { clientTransports, MIN_EVENT_TIME_MS, type PeerEvent, type SessionEvent } from "../../../collectors/schema/coturn";
import { cleanText } from "../safe-json";

type Rule = (v: unknown) => boolean;

const int =
  (lo: number, hi: number): Rule =>
  (v) =>
    Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
const time = int(MIN_EVENT_TIME_MS, Date.UTC(2200, 0, 1));
const text =
  (min: number, max: number): Rule =>
  (v) =>
    typeof v === "string" && v.length >= min && v.length <= max && cleanText(v) === v;
const oneOf =
  (values: readonly string[]): Rule =>
  (v) =>
    typeof v === "string" && values.includes(v);
const bool: Rule = (v) => typeof v === "boolean";
// zod keeps an optional key that is present with the value undefined; so does handing back the event.
const optional =
  (rule: Rule): Rule =>
  (v) =>
    v === undefined || rule(v);
const SID = /^\d{1,18}$/;
const sid: Rule = (v) => typeof v === "string" && SID.test(v);
const address = text(2, 64);
const lifetime = int(0, 100_000_000);

const POSITION: Record<string, Rule> = {
  pos: int(0, Number.MAX_SAFE_INTEGER),
  // zod fills in a missing sub (default 0): such an event is not its own parse, so it is declined.
  sub: int(0, 1_000_000),
  ts: time,
  run: time,
  sid,
};

const RULES: Record<"session" | "peer", Record<string, Rule>> = {
  session: {
    ...POSITION,
    realm: optional(text(0, 255)),
    username: optional(text(0, 255)),
    allocated: optional(bool),
    lifetime: optional(lifetime),
    cipher: optional(text(0, 100)),
    method: optional(text(0, 32)),
    transport: optional(oneOf(clientTransports)),
    client: optional(address),
    listener: optional(address),
    relay: optional(address),
    tcpRelay: optional(bool),
    ended: optional(text(0, 200)),
    approximate: optional(bool),
  },
  peer: {
    ...POSITION,
    peer: address,
    grant: optional(oneOf(["permission", "channel"])),
    lifetime: optional(lifetime),
    deleted: optional(bool),
  },
};

function follows(e: Record<string, unknown>, rules: Record<string, Rule>): boolean {
  for (const k in e) if (k !== "type" && rules[k] === undefined) return false;
  for (const k in rules) if (!rules[k](e[k])) return false;
  return true;
}

export function fastSessionOrPeerEvent(raw: unknown): SessionEvent | PeerEvent | null {
  if (raw === null || typeof raw !== "object") return null;
  const e = raw as Record<string, unknown>;
  const rules = e.type === "session" || e.type === "peer" ? RULES[e.type] : undefined;
  return rules && follows(e, rules) ? (e as SessionEvent | PeerEvent) : null;
}

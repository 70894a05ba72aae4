// A getStats body, checked: the envelope as a whole (400 when it is wrong: nothing can be stored
// without knowing the connection), then each item on its own, so one bad item costs only itself
// (207 with its index, field path and reason). Pure.
import type { z } from "zod";
import { ACCEPTED_GETSTATS_WIRE_VERSIONS, type GetstatsBody, getstatsBody, getstatsItem } from "../../../collectors/schema/getstats";

/** Client clocks drift; a day ahead of ours is no drift but a wrong clock or a forged item. */
export const MAX_CLIENT_AHEAD_MS = 24 * 3600_000;

export type ValidItem = z.output<typeof getstatsItem>;
export type ItemRejectReason = "schema" | "time_range" | "duplicate";
export type RejectedItem = { index: number; sequence?: number; category: ItemRejectReason; path: string; message: string; raw: unknown };
export type FieldIssue = { path: string; message: string };

export type CheckedBody =
  | { ok: true; body: GetstatsBody; items: ValidItem[]; rejected: RejectedItem[] }
  | { ok: false; issues: FieldIssue[] };

/** `items[3].delta.bytesSent` from zod's path. */
export function fieldPath(path: readonly PropertyKey[], prefix = ""): string {
  let out = prefix;
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || "(body)";
}

const itemTime = (item: ValidItem) => (item.type === "stats" ? item.sampledAt : item.at);

const sequenceOf = (raw: unknown) => {
  const s = raw !== null && typeof raw === "object" ? (raw as { sequence?: unknown }).sequence : undefined;
  return Number.isSafeInteger(s) ? (s as number) : undefined;
};

export function checkGetstatsBody(raw: unknown, nowMs: number): CheckedBody {
  const envelope = getstatsBody.safeParse(raw);
  if (!envelope.success) {
    return { ok: false, issues: envelope.error.issues.slice(0, 20).map((i) => ({ path: fieldPath(i.path), message: i.message })) };
  }
  const body = envelope.data;
  if (!(ACCEPTED_GETSTATS_WIRE_VERSIONS as readonly number[]).includes(body.version)) {
    return {
      ok: false,
      issues: [
        {
          path: "version",
          message: `wire version ${body.version} is not accepted (accepted: ${ACCEPTED_GETSTATS_WIRE_VERSIONS.join(", ")})`,
        },
      ],
    };
  }
  const items: ValidItem[] = [];
  const rejected: RejectedItem[] = [];
  const seen = new Set<number>();
  body.items.forEach((rawItem, index) => {
    const parsed = getstatsItem.safeParse(rawItem);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      rejected.push({
        index,
        sequence: sequenceOf(rawItem),
        category: "schema",
        path: fieldPath(first.path, `items[${index}]`),
        message: first.message,
        raw: rawItem,
      });
      return;
    }
    const item = parsed.data;
    const at = itemTime(item);
    if (at > nowMs + MAX_CLIENT_AHEAD_MS) {
      const field = item.type === "stats" ? "sampledAt" : "at";
      const message = `${new Date(at).toISOString()} is more than a day ahead of the server's clock`;
      rejected.push({ index, sequence: item.sequence, category: "time_range", path: `items[${index}].${field}`, message, raw: rawItem });
      return;
    }
    if (seen.has(item.sequence)) {
      const message = `sequence ${item.sequence} appears twice in this body; the first is kept`;
      rejected.push({ index, sequence: item.sequence, category: "duplicate", path: `items[${index}].sequence`, message, raw: rawItem });
      return;
    }
    seen.add(item.sequence);
    items.push(item);
  });
  return { ok: true, body, items, rejected };
}

// Rejected events as quarantined_event rows (DESIGN.md: nothing is dropped silently). The id comes
// from the source position and the content, so a replayed rejection is stored once. Payloads are
// bounded and carry no public IP in full. Pure.
import { createHash } from "node:crypto";
import { scrubDeep } from "../../privacy/scrub";
import { deterministicUuid } from "../ids";
import { boundedJson, clip } from "../safe-json";
import type { RejectedEvent } from "./validate";

export const MAX_PAYLOAD_CHARS = 4096;

export type QuarantineRow = { id: string; reason: string; position: string; payload: unknown };

type Where = { serverId: string; fileId: string; checkpointOffset: number };

function position(raw: unknown): { pos: number; sub: number } | null {
  if (raw === null || typeof raw !== "object") return null;
  const { pos, sub } = raw as { pos?: unknown; sub?: unknown };
  if (!Number.isSafeInteger(pos) || (pos as number) < 0) return null;
  return { pos: pos as number, sub: Number.isSafeInteger(sub) ? (sub as number) : 0 };
}

export function quarantineRows(where: Where, rejected: readonly RejectedEvent[]): QuarantineRow[] {
  return rejected.map((r) => {
    const payload = boundedJson(scrubDeep(r.raw), MAX_PAYLOAD_CHARS);
    const digest = createHash("sha1").update(JSON.stringify(payload)).digest("hex");
    const at = position(r.raw);
    const id = at
      ? deterministicUuid("quarantined_event", where.serverId, where.fileId, at.pos, at.sub, digest)
      : deterministicUuid("quarantined_event", where.serverId, where.fileId, "batch", where.checkpointOffset, r.index, digest);
    const pos = at ? `@${at.pos}/${at.sub}` : `@batch:${where.checkpointOffset}[${r.index}]`;
    return { id, reason: clip(r.reason, 500), position: clip(`${where.fileId}`, 200 - pos.length) + pos, payload };
  });
}

// Rejected getStats items as quarantined_event rows (DESIGN.md: nothing is dropped silently), once
// each: the id comes from the connection, the item's place and its content, so a resent body adds
// no second copy. Payloads are bounded, and any IP address in them is scrubbed (a bad item may carry
// what the wire format never does). Pure; store.ts writes them with the body.
import { createHash } from "node:crypto";
import { scrubDeep } from "../../privacy/scrub";
import { deterministicUuid } from "../ids";
import { boundedJson, clip } from "../safe-json";
import type { RejectedItem } from "./validate";

const MAX_PAYLOAD_CHARS = 4096;

export type QuarantineRow = { id: string; reason: string; position: string; payload: unknown };

export function quarantineRows(connectionRowId: string, rejected: readonly RejectedItem[]): QuarantineRow[] {
  return rejected.map((r) => {
    const payload = boundedJson(scrubDeep(r.raw), MAX_PAYLOAD_CHARS);
    const digest = createHash("sha1")
      .update(JSON.stringify(payload) ?? "")
      .digest("hex");
    const place = r.sequence !== undefined ? `#${r.sequence}` : `[${r.index}]`;
    return {
      id: deterministicUuid("quarantined_event", "getstats", connectionRowId, place, digest),
      reason: clip(`${r.category}: ${r.path}: ${r.message}`, 500),
      position: `connection:${connectionRowId}${place}`,
      payload,
    };
  });
}

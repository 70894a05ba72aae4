// The getStats wire format: what the SDK makes of the real captures is accepted item by item, values
// no browser reports are refused with the field that is wrong, and the JSON Schema for native
// clients describes the same body.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { iceCandidateError } from "../../../collectors/getstats/sdk/ice-error";
import { iceErrorItem, statsItem } from "../../../collectors/getstats/sdk/items";
import type { StatsEntry } from "../../../collectors/getstats/sdk/stats";
import { initialState, summarise } from "../../../collectors/getstats/sdk/summarise";
import { getstatsBody, getstatsItem, getstatsJsonSchema } from "../../../collectors/schema/getstats";

const capture = (name: string): { offererSnapshots: StatsEntry[][]; iceCandidateErrors: Record<string, unknown>[] } =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, "../../fixtures/getstats", `${name}.json`), "utf8"));

function itemsOf(name: string) {
  const c = capture(name);
  let state = initialState();
  let sequence = 0;
  const items: unknown[] = c.offererSnapshots.map((snapshot) => {
    const r = summarise(snapshot, state);
    state = r.state;
    return statsItem(r.summary, sequence++);
  });
  for (const e of c.iceCandidateErrors) {
    const err = iceCandidateError(e);
    if (err) items.push(iceErrorItem(err, 1_795_250_890_000, sequence++));
  }
  return items;
}

const body = (items: unknown[]) => ({
  version: 1,
  sdkVersion: "0.1.0",
  callId: "call-1",
  participantId: "alice",
  connectionId: "pc-1",
  forcedRelay: true,
  items,
});

describe("getStats wire format", () => {
  for (const name of ["relay-udp", "relay-tcp", "relay-tls", "direct-host", "relay-bad-credential"]) {
    it(`${name}: every item the SDK makes of the capture is valid, and the body too`, () => {
      const items = itemsOf(name);
      for (const item of items) assert.equal(getstatsItem.safeParse(item).success, true, JSON.stringify(item));
      assert.equal(getstatsBody.safeParse(body(items)).success, true);
    });
  }

  it("refuses values no browser reports, naming the field", () => {
    const [good] = itemsOf("relay-udp") as Record<string, unknown>[];
    const bad: [string, Record<string, unknown>][] = [
      ["delta.bytesSent", { delta: { ...(good.delta as object), bytesSent: -1 } }],
      ["rttMs", { rttMs: 60_001 }],
      ["sampledAt", { sampledAt: Date.UTC(2201, 0, 1) }],
      ["relayPort", { relayPort: 70_000 }],
      ["turnUrl", { turnUrl: "http://evil.example/" }],
      ["fractionLost", { fractionLost: 1.5 }],
      ["pathKind", { pathKind: "carrier-pigeon" }],
    ];
    for (const [field, change] of bad) {
      const r = getstatsItem.safeParse({ ...good, ...change });
      assert.equal(r.success, false, field);
      assert.equal(r.error?.issues[0].path.join("."), field);
    }
  });

  it("bounds the envelope: ids, item count, no empty body", () => {
    const items = itemsOf("relay-udp");
    assert.equal(getstatsBody.safeParse({ ...body(items), callId: "has space" }).success, false);
    assert.equal(getstatsBody.safeParse({ ...body(items), participantId: "p".repeat(129) }).success, false);
    assert.equal(getstatsBody.safeParse(body([])).success, false);
    assert.equal(getstatsBody.safeParse(body(Array(101).fill(items[0]))).success, false);
  });

  it("publishes a JSON Schema with the items spelled out", () => {
    const schema = getstatsJsonSchema() as { properties: Record<string, { items?: { anyOf?: unknown[]; oneOf?: unknown[] } }> };
    assert.ok(schema.properties.callId);
    const items = schema.properties.items.items;
    assert.equal((items?.oneOf ?? items?.anyOf)?.length, 3, "stats, ice-error and state items");
    assert.match(JSON.stringify(schema), /"relayPort"/);
  });
});

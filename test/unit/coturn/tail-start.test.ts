import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planStart } from "../../../collectors/coturn/tail-start";

const files = [
  { id: "d1", mtimeMs: 1_000 },
  { id: "d2", mtimeMs: 2_000 },
  { id: "d3", mtimeMs: 3_000 },
];
const plan = (p: Parameters<typeof planStart>[1]) => Object.fromEntries(planStart(files, p));

describe("where reading starts", () => {
  it("first run: tail -f (the end of the newest file), or everything with --from-start", () => {
    assert.deepEqual(plan({ resume: new Map(), fromStart: false }), { d1: { kind: "skip" }, d2: { kind: "skip" }, d3: { kind: "end" } });
    assert.deepEqual(plan({ resume: new Map(), fromStart: true }), {
      d1: { kind: "at", offset: 0 },
      d2: { kind: "at", offset: 0 },
      d3: { kind: "at", offset: 0 },
    });
  });

  it("with history: checkpoints resume; newer unknown files from 0; older ones are history", () => {
    assert.deepEqual(plan({ resume: new Map([["d2", 77]]), resumeSince: 2_500, fromStart: false }), {
      d1: { kind: "skip" },
      d2: { kind: "at", offset: 77 },
      d3: { kind: "at", offset: 0 },
    });
  });

  it("with history: an unknown file written since the last checkpoint is read, wherever it sorts", () => {
    assert.deepEqual(plan({ resume: new Map([["d3", 5]]), resumeSince: 500, fromStart: false }).d1, { kind: "at", offset: 0 });
    assert.deepEqual(plan({ resume: new Map([["d3", 5]]), resumeSince: 5_000, fromStart: false }).d1, { kind: "skip" });
  });
});

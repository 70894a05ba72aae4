import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCoturnLogFileName } from "../../../collectors/coturn/file-names";

describe("coturn log file names", () => {
  it("recognises the dated names coturn writes (date before the extension)", () => {
    assert.deepEqual(parseCoturnLogFileName("s09-legacy-timestamp-default-format_2026-11-21.log"), {
      base: "s09-legacy-timestamp-default-format",
      ext: ".log",
      date: "2026-11-21",
    });
    assert.deepEqual(parseCoturnLogFileName("turn_2026-11-21.log"), { base: "turn", ext: ".log", date: "2026-11-21" });
    assert.deepEqual(parseCoturnLogFileName("turn_3100900_2026-11-21.log"), {
      base: "turn",
      ext: ".log",
      pid: 3100900,
      date: "2026-11-21",
    });
    assert.deepEqual(parseCoturnLogFileName("coturn_2026-01-02.txt"), { base: "coturn", ext: ".txt", date: "2026-01-02" });
    // A base already ending in `-` gets no extra `_`.
    assert.deepEqual(parseCoturnLogFileName("relay-2026-11-21.log"), { base: "relay", ext: ".log", date: "2026-11-21" });
  });

  it("keeps undated names (--simple-log, logrotate) and refuses what is not a file name", () => {
    assert.deepEqual(parseCoturnLogFileName("turn.log"), { base: "turn", ext: ".log" });
    assert.deepEqual(parseCoturnLogFileName("turnserver"), { base: "turnserver", ext: "" });
    assert.deepEqual(parseCoturnLogFileName("turn_2026-13-40.log"), { base: "turn_2026-13-40", ext: ".log" });
    assert.deepEqual(parseCoturnLogFileName("turn.log.1"), { base: "turn.log", ext: ".1" });
    assert.equal(parseCoturnLogFileName(""), null);
    assert.equal(parseCoturnLogFileName("dir/turn.log"), null);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { boundedJson, cleanDeep, cleanText, clip } from "../../../lib/ingest/safe-json";

describe("safe-json", () => {
  it("replaces NUL and lone surrogates, keeps valid pairs", () => {
    assert.equal(cleanText("a\u0000b"), "a\ufffdb");
    assert.equal(cleanText("\ud800x\udc00"), "\ufffdx\ufffd");
    assert.equal(cleanText("emoji 😀"), "emoji 😀");
    assert.deepEqual(cleanDeep({ "k\u0000": ["\ud83d"] }), { "k\ufffd": ["\ufffd"] });
  });
  it("bounds a payload and never cuts a surrogate pair in half", () => {
    assert.deepEqual(boundedJson({ a: 1 }, 100), { a: 1 });
    const big = boundedJson({ s: "😀".repeat(100) }, 20) as { truncated: boolean; head: string };
    assert.equal(big.truncated, true);
    assert.ok(JSON.stringify(big).length < 200);
    assert.equal(clip("ab😀", 3), "ab\ufffd");
    assert.equal(clip("abc", 5), "abc");
  });
});

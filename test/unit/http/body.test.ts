import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { BodyError, readJsonBody } from "../../../lib/http/body";

const req = (body: BodyInit, headers: Record<string, string> = {}) => new Request("http://x/", { method: "POST", body, headers });
const status = async (p: Promise<unknown>) => {
  try {
    await p;
    return 200;
  } catch (err) {
    assert.ok(err instanceof BodyError);
    return err.status;
  }
};

describe("readJsonBody", () => {
  it("parses plain and gzip bodies", async () => {
    assert.deepEqual(await readJsonBody(req('{"a":1}'), 100), { a: 1 });
    assert.deepEqual(await readJsonBody(req(gzipSync('{"a":2}'), { "content-encoding": "gzip" }), 100), { a: 2 });
  });
  it("413 for a large body, a large declared length, or a large inflated body", async () => {
    assert.equal(await status(readJsonBody(req("x".repeat(101)), 100)), 413);
    assert.equal(await status(readJsonBody(req("{}", { "content-length": "101" }), 100)), 413);
    assert.equal(await status(readJsonBody(req(gzipSync(" ".repeat(10_000)), { "content-encoding": "gzip" }), 100)), 413);
  });
  it("400 for bad JSON or bad gzip, 415 for other encodings", async () => {
    assert.equal(await status(readJsonBody(req("{"), 100)), 400);
    assert.equal(await status(readJsonBody(req("{}", { "content-encoding": "gzip" }), 100)), 400);
    assert.equal(await status(readJsonBody(req("{}", { "content-encoding": "br" }), 100)), 415);
  });
});

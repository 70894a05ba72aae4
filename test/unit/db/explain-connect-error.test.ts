import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeTarget, explainConnectError } from "../../../lib/db/check";

const url = "postgres://alice:s3cret@db.example.com:6543/relay";

describe("explainConnectError", () => {
  it("names the target without the password", () => {
    assert.equal(describeTarget(url), "db.example.com:6543/relay");
    for (const code of ["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "28P01", "3D000", "XX000"]) {
      const line = explainConnectError({ code, message: "boom" }, url);
      assert.ok(!line.includes("s3cret"), line);
      assert.ok(line.includes("db.example.com:6543/relay"), line);
      assert.ok(!line.includes("\n"), "one line");
    }
  });

  it("says what to do for the common failures", () => {
    assert.match(explainConnectError({ code: "ECONNREFUSED" }, url), /is PostgreSQL running/);
    assert.match(explainConnectError({ code: "3D000" }, url), /does not exist/);
    assert.match(explainConnectError({ code: "28P01", message: "password authentication failed" }, url), /refused the credentials/);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resetEnvCache } from "../../../lib/env";
import { testDatabaseUrl } from "../../support/db";
import { restoreEnvAfterEach } from "../../support/env";

restoreEnvAfterEach();

describe("integration tests' database guard", () => {
  it("refuses any database the test runner did not create", () => {
    for (const url of [
      "postgres://postgres@127.0.0.1:5432/postgres",
      "postgres://u@h/relayscope",
      "postgres://u@h/my_relayscope_test_db",
    ]) {
      process.env.DATABASE_URL = url;
      resetEnvCache();
      assert.throws(() => testDatabaseUrl(), /refusing to run integration tests/, url);
    }
  });

  it("refuses to run with no database at all", () => {
    delete process.env.DATABASE_URL;
    delete process.env.RELAYSCOPE_RESOLVED_DATABASE_URL;
    resetEnvCache();
    assert.throws(() => testDatabaseUrl(), /need the database/);
  });

  it("accepts the runner's relayscope_test_* databases", () => {
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:5432/relayscope_test_integration_abc";
    resetEnvCache();
    assert.equal(testDatabaseUrl(), process.env.DATABASE_URL);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dataDir, EnvError, env, resetEnvCache } from "../../../lib/env";
import { restoreEnvAfterEach } from "../../support/env";

restoreEnvAfterEach();

describe("env", () => {
  it("applies defaults", () => {
    delete process.env.PORT;
    delete process.env.HOST;
    process.env.DATABASE_URL = "";
    delete process.env.DATABASE_URL;
    resetEnvCache();
    const e = env();
    assert.equal(e.PORT, 3000);
    assert.equal(e.HOST, "127.0.0.1");
    assert.equal(e.RELAYSCOPE_DATA_DIR, ".relayscope");
  });

  it("rejects an invalid DATABASE_URL and a bad PORT with one message naming both", () => {
    process.env.DATABASE_URL = "mysql://x";
    process.env.PORT = "99999";
    resetEnvCache();
    assert.throws(
      () => env(),
      (err: unknown) =>
        err instanceof EnvError && /DATABASE_URL/.test(err.message) && /PORT/.test(err.message) && !err.message.includes("\n"),
    );
  });

  it("accepts postgres and postgresql URLs", () => {
    for (const url of ["postgres://u:p@h:5432/d", "postgresql://h/d"]) {
      process.env.DATABASE_URL = url;
      resetEnvCache();
      assert.equal(env().DATABASE_URL, url);
    }
  });
});

describe("env: empty values", () => {
  it("treats an empty DATABASE_URL as unset", () => {
    process.env.DATABASE_URL = "";
    process.env.PORT = " ";
    resetEnvCache();
    assert.equal(env().DATABASE_URL, undefined);
    assert.equal(env().PORT, 3000);
  });
});

describe("env: paths", () => {
  it("resolves the data dir against the app root, not the shell's folder", () => {
    process.env.RELAYSCOPE_APP_ROOT = "/srv/relayscope";
    delete process.env.RELAYSCOPE_DATA_DIR;
    resetEnvCache();
    assert.equal(dataDir(), "/srv/relayscope/.relayscope");
    process.env.RELAYSCOPE_DATA_DIR = "/var/lib/relayscope";
    resetEnvCache();
    assert.equal(dataDir(), "/var/lib/relayscope");
  });
});

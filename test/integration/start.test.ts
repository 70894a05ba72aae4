// `relayscope start` with bad input: one clear line, exit 1, nothing started or written.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { freePort } from "../../lib/net/ports";
import { runCli } from "../support/cli";
import { testDatabaseUrl } from "../support/db";

const DATABASE_URL = testDatabaseUrl();

function oneLine(stderr: string) {
  const lines = stderr.trim().split("\n");
  assert.equal(lines.length, 1, stderr);
  return lines[0];
}

describe("relayscope start refuses bad input", () => {
  it("port in use", async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await runCli(["start", "--port", String(port)], { DATABASE_URL });
      assert.equal(r.code, 1);
      assert.match(oneLine(r.stderr), new RegExp(`^relayscope: port ${port} on 127\\.0\\.0\\.1 is in use; stop what uses it or set PORT`));
    } finally {
      blocker.close();
    }
  });

  it("invalid, unreachable and missing databases", async () => {
    const cases: [string, RegExp][] = [
      ["not a url", /^relayscope: invalid environment: DATABASE_URL/],
      [
        "postgres://nobody@127.0.0.1:1/relayscope",
        /^relayscope: cannot reach the database at 127\.0\.0\.1:1\/relayscope: connection refused/,
      ],
      [`${DATABASE_URL}_nope`, /^relayscope: the database at .* does not exist/],
    ];
    for (const [url, message] of cases) {
      const r = await runCli(["start", "--port", String(await freePort())], { DATABASE_URL: url });
      assert.equal(r.code, 1, url);
      assert.match(oneLine(r.stderr), message);
    }
  });

  it("a damaged embedded data directory is named and left untouched", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "relayscope-damaged-"));
    try {
      await mkdir(path.join(dir, "pgdata"));
      await writeFile(path.join(dir, "pgdata", "half-copied"), "x");
      const r = await runCli(["start", "--port", String(await freePort())], { DATABASE_URL: "", RELAYSCOPE_DATA_DIR: dir });
      assert.equal(r.code, 1);
      assert.match(
        oneLine(r.stderr),
        /^relayscope: the embedded database directory .*pgdata is not a PostgreSQL data directory .* move it aside or delete it/,
      );
      assert.deepEqual(await readdir(dir), ["pgdata"]);
      assert.deepEqual(await readdir(path.join(dir, "pgdata")), ["half-copied"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

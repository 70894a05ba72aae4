// AC4: the embedded database keeps data across stop and restart; a second process joins the running
// one; a damaged data directory is refused with one clear line and left as it was.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import pg from "pg";
import { EmbeddedDatabaseError, startEmbeddedPostgres } from "../../lib/db/embedded";

const dirs: string[] = [];
async function tempDir() {
  const d = await mkdtemp(path.join(os.tmpdir(), "relayscope-embedded-"));
  dirs.push(d);
  return d;
}
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function query(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("start → write → stop → restart keeps the data, and binds 127.0.0.1 only", async () => {
    const dataDir = await tempDir();
    const first = await startEmbeddedPostgres({ dataDir });
    assert.equal(first.owned, true);
    assert.match(first.url, /@127\.0\.0\.1:\d+\/relayscope$/);
    await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives restart')");
    const [listen] = await query(first.url, "SHOW listen_addresses");
    assert.equal(listen.listen_addresses, "127.0.0.1");
    await first.stop();
    await assert.rejects(query(first.url, "SELECT 1"), "stopped means stopped");

    const second = await startEmbeddedPostgres({ dataDir });
    try {
      assert.deepEqual(await query(second.url, "SELECT v FROM kept"), [{ v: "survives restart" }]);
    } finally {
      await second.stop();
    }
  });

  it("a second process joins the running database instead of starting another", async () => {
    const dataDir = await tempDir();
    const owner = await startEmbeddedPostgres({ dataDir });
    try {
      const joiner = await startEmbeddedPostgres({ dataDir });
      assert.equal(joiner.owned, false);
      assert.equal(joiner.url, owner.url);
      await joiner.stop(); // must not stop the owner's server
      assert.deepEqual(await query(owner.url, "SELECT 1 AS one"), [{ one: 1 }]);
    } finally {
      await owner.stop();
    }
  });

  it("refuses a damaged data directory with one line and touches nothing", async () => {
    const dataDir = await tempDir();
    await mkdir(path.join(dataDir, "pgdata"));
    await writeFile(path.join(dataDir, "pgdata", "garbage"), "not postgres");
    await assert.rejects(
      startEmbeddedPostgres({ dataDir }),
      (err: unknown) => err instanceof EmbeddedDatabaseError && /damaged/.test(err.message) && !err.message.includes("\n"),
    );
    assert.deepEqual(await readdir(path.join(dataDir, "pgdata")), ["garbage"]);
  });

  it("refuses an initialised directory whose password file is gone", async () => {
    const dataDir = await tempDir();
    const db = await startEmbeddedPostgres({ dataDir });
    await db.stop();
    await rm(path.join(dataDir, "embedded-postgres.json"));
    await assert.rejects(
      startEmbeddedPostgres({ dataDir }),
      (err: unknown) => err instanceof EmbeddedDatabaseError && /password/.test(err.message),
    );
  });
});

describe("embedded PostgreSQL: recovering from the unexpected", () => {
  it("a stale postmaster.pid whose pid is now another process is removed, and the database starts", async () => {
    const dataDir = await tempDir();
    const db = await startEmbeddedPostgres({ dataDir });
    await db.stop();
    // What a kill -9 or a container restart leaves behind: the lock file, with a pid now in use by
    // an unrelated process (here: this test's own node process).
    const pidFile = path.join(dataDir, "pgdata", "postmaster.pid");
    await writeFile(pidFile, `${process.pid}\n${path.join(dataDir, "pgdata")}\n1700000000\n54321\n\n127.0.0.1\n  1 2\nready   \n`);
    const again = await startEmbeddedPostgres({ dataDir });
    try {
      assert.equal(again.owned, true);
      assert.deepEqual(await query(again.url, "SELECT 1 AS one"), [{ one: 1 }]);
    } finally {
      await again.stop();
    }
  });

  it("stop() returns at once when postgres is already gone (Ctrl-C reached it directly)", async () => {
    const dataDir = await tempDir();
    const db = await startEmbeddedPostgres({ dataDir });
    const pid = Number((await readFile(path.join(dataDir, "pgdata", "postmaster.pid"), "utf8")).split("\n")[0]);
    process.kill(pid, "SIGINT"); // fast shutdown, as the terminal's process-group SIGINT does
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      try {
        process.kill(pid, 0);
        await new Promise((r) => setTimeout(r, 100));
      } catch {
        break;
      }
    }
    const t0 = Date.now();
    await db.stop();
    assert.ok(Date.now() - t0 < 2_000, `stop took ${Date.now() - t0} ms`);
  });

  it("as root, refuses a data dir the postgres user cannot reach, with what to do", {
    skip: process.getuid?.() !== 0 && "only meaningful as root",
  }, async () => {
    const parent = await tempDir(); // mkdtemp makes it 0700
    await assert.rejects(
      startEmbeddedPostgres({ dataDir: path.join(parent, "data") }),
      (err: unknown) =>
        err instanceof EmbeddedDatabaseError && err.message.includes(`cannot enter ${parent}`) && /RELAYSCOPE_DATA_DIR/.test(err.message),
    );
    assert.deepEqual(await readdir(parent), [], "nothing created");
  });
});

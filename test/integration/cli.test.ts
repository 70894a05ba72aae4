// AC7: every command has --help (discovered from the command tree, so a new one cannot be missed);
// the entity commands work against the real database; bad input gets one clear line and exit 1.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Command } from "commander";
import { buildProgram } from "../../scripts/cli/program";
import { type CliEnv, runCli } from "../support/cli";
import { testDatabaseUrl, uid, withClient } from "../support/db";

const DATABASE_URL = testDatabaseUrl();

function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const sub of cmd.commands) {
    const path = [...prefix, sub.name()];
    out.push(path);
    out.push(...commandPaths(sub, path));
  }
  return out;
}

describe("relayscope --help", () => {
  const paths = commandPaths(buildProgram());
  it("discovers the commands", () => {
    for (const expected of [
      "start",
      "migrate",
      "server add",
      "server list",
      "app add",
      "app list",
      "key create",
      "key list",
      "key revoke",
      "import webrtc-internals",
    ]) {
      assert.ok(
        paths.some((p) => p.join(" ") === expected),
        expected,
      );
    }
  });
  for (const p of [[], ...paths]) {
    it(`relayscope ${p.join(" ")} --help`.replace(/\s+/g, " "), async () => {
      const r = await runCli([...p, "--help"], { DATABASE_URL: "" });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^Usage: relayscope${p.length ? ` ${p.join(" ")}` : ""} `));
    });
  }
});

describe("entity commands", () => {
  const env = { DATABASE_URL };
  it("server add / list with realm rules, app add / list, key create / list / revoke", async () => {
    const tenant = `t-${uid()}`;
    const server = `turn-${uid()}`;
    const app = `web-${uid()}`;
    assert.equal((await runCli(["tenant", "add", tenant, "--name", "Acme"], env)).code, 0);
    const add = await runCli(
      [
        "server",
        "add",
        server,
        "--region",
        "eu-west",
        "--url",
        "turn:127.0.0.1:3478?transport=udp",
        "--realm",
        `example.test=${tenant}`,
        "--relay-ports",
        "49152-49200",
      ],
      env,
    );
    assert.equal(add.code, 0, add.stderr);
    const list = JSON.parse((await runCli(["server", "list", "--json"], env)).stdout) as {
      name: string;
      relayPortMin: number;
      realmRules: { realm: string }[];
    }[];
    const row = list.find((s) => s.name === server);
    assert.ok(row);
    assert.equal(row.relayPortMin, 49152);
    assert.deepEqual(
      row.realmRules.map((r) => r.realm),
      ["example.test"],
    );

    assert.equal((await runCli(["app", "add", app, "--tenant", tenant, "--origin", "https://app.example.com"], env)).code, 0);
    const appKey = await runCli(["key", "create", "--kind", "app", "--name", "browser", "--app", app], env);
    assert.equal(appKey.code, 0, appKey.stderr);
    assert.match(appKey.stdout.trim(), /^rs_app_[a-z0-9]{10}_[0-9a-f]{48}$/);
    const colKey = await runCli(["key", "create", "--kind", "collector", "--name", "agent", "--server", server, "--json"], env);
    const created = JSON.parse(colKey.stdout) as { prefix: string; key: string };
    const keys = JSON.parse((await runCli(["key", "list", "--json"], env)).stdout) as { prefix: string; server: { name: string } | null }[];
    assert.equal(keys.find((k) => k.prefix === created.prefix)?.server?.name, server);
    assert.ok(!(await runCli(["key", "list"], env)).stdout.includes(created.key.slice(-48)), "secrets never listed");
    assert.equal((await runCli(["key", "revoke", created.prefix], env)).code, 0);

    const audit = await withClient(
      DATABASE_URL,
      async (c) => (await c.query(`SELECT action FROM audit_log WHERE target_id = $1 ORDER BY at`, [created.prefix])).rows,
    );
    assert.deepEqual(
      audit.map((a) => a.action),
      ["key.create", "key.revoke"],
    );
  });

  it("bad input: one line on stderr, exit 1, nothing written", async () => {
    const cases: [string[], RegExp][] = [
      [["server", "add", "Bad Name"], /^relayscope: name "Bad Name": use 1-63/],
      [["server", "add", `s-${uid()}`, "--url", "http://x"], /^relayscope: --url "http:\/\/x": must be an ICE server url/],
      [["server", "add", `s-${uid()}`, "--tenant", "nope"], /^relayscope: unknown tenant "nope"/],
      [["app", "add", `a-${uid()}`, "--origin", "https://x.example.com/path"], /^relayscope: --origin/],
      [["key", "create", "--kind", "root", "--name", "x"], /^relayscope: --kind must be one of collector, app, api/],
      [["key", "create", "--kind", "app", "--name", "x"], /^relayscope: --app is required/],
      [["key", "create", "--kind", "collector", "--name", "x", "--expires-in", "soon"], /^relayscope: --expires-in "soon"/],
      [["key", "revoke", "rs_col_doesnotexi"], /^relayscope: no key with prefix/],
    ];
    const before = await withClient(
      DATABASE_URL,
      async (c) =>
        (await c.query(`SELECT (SELECT count(*) FROM turn_server) + (SELECT count(*) FROM app) + (SELECT count(*) FROM api_key) AS n`))
          .rows[0].n,
    );
    for (const [args, message] of cases) {
      const r = await runCli(args, env);
      assert.equal(r.code, 1, args.join(" "));
      assert.match(r.stderr, message, args.join(" "));
      assert.equal(r.stderr.trim().split("\n").length, 1, `one line for ${args.join(" ")}: ${r.stderr}`);
    }
    const afterCount = await withClient(
      DATABASE_URL,
      async (c) =>
        (await c.query(`SELECT (SELECT count(*) FROM turn_server) + (SELECT count(*) FROM app) + (SELECT count(*) FROM api_key) AS n`))
          .rows[0].n,
    );
    assert.equal(afterCount, before);
  });

  it("bad database settings: one line saying what to do", async () => {
    const cases: [CliEnv, RegExp][] = [
      [{ DATABASE_URL: "mysql://localhost/x" }, /^relayscope: invalid environment: DATABASE_URL: must look like postgres:\/\//],
      [
        { DATABASE_URL: "postgres://nobody@127.0.0.1:1/x" },
        /^relayscope: cannot reach the database at 127\.0\.0\.1:1\/x: connection refused/,
      ],
      [{ DATABASE_URL: `${DATABASE_URL}_missing` }, /does not exist: create it/],
      [{ DATABASE_URL, PORT: "http" }, /^relayscope: invalid environment: PORT/],
    ];
    for (const [env, message] of cases) {
      const r = await runCli(["server", "list"], env);
      assert.equal(r.code, 1, JSON.stringify(env));
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    }
  });
});

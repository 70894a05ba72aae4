import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultAgentId, resolveCollectOptions } from "../../../scripts/cli/commands/collect";
import { CliError } from "../../../scripts/cli/errors";

const KEY = "rs_col_abcdefghij_0123456789abcdef0123456789abcdef0123456789abcdef";
const base = { file: "/var/log/turn.log", server: "turn-eu-1" };

describe("collect coturn options", () => {
  it("defaults: direct, agent id = host name, poll 250 ms, status every 10 s", () => {
    const o = resolveCollectOptions({ ...base, direct: true }, undefined);
    assert.deepEqual(o.mode, { kind: "direct" });
    assert.equal(o.agentId, defaultAgentId());
    assert.equal(o.pollMs, 250);
    assert.equal(o.statusIntervalS, 10);
    assert.equal(o.fromStart, false);
    assert.equal(o.once, false);
  });

  it("--push takes the key from --key or RELAYSCOPE_COLLECTOR_KEY", () => {
    assert.deepEqual(resolveCollectOptions({ ...base, push: "https://rs.example.com", key: KEY }, undefined).mode, {
      kind: "push",
      url: "https://rs.example.com",
      key: KEY,
    });
    assert.equal(resolveCollectOptions({ ...base, push: "http://127.0.0.1:3000/" }, KEY).mode.kind, "push");
  });

  it("refuses bad combinations and values with one line naming the flag", () => {
    const cases: [Parameters<typeof resolveCollectOptions>[0], RegExp][] = [
      [{ server: "s", direct: true }, /^--file is required/],
      [{ file: "x", direct: true }, /^--server is required/],
      [{ ...base }, /^use exactly one of --direct/],
      [{ ...base, direct: true, push: "http://h" }, /^use exactly one of --direct/],
      [{ ...base, push: "http://h" }, /^--key is required with --push .*relayscope key create --kind collector/],
      [
        { ...base, push: "http://h", key: "rs_app_abcdefghij_0123456789abcdef0123456789abcdef0123456789abcdef" },
        /^--key is not a collector key/,
      ],
      [{ ...base, direct: true, key: KEY }, /^--key is only used with --push/],
      [{ ...base, push: "mailto:x", key: KEY }, /^--push "mailto:x": must be the app's base URL/],
      [{ ...base, direct: true, pollMs: "0" }, /^--poll-ms "0": must be at least 20/],
      [{ ...base, direct: true, statusInterval: "-1" }, /^--status-interval "-1"/],
      [{ ...base, direct: true, agentId: "has space" }, /^--agent-id "has space": an agent id is letters/],
      [{ ...base, server: "Turn EU", direct: true }, /^--server "Turn EU"/],
    ];
    for (const [raw, message] of cases) {
      assert.throws(
        () => resolveCollectOptions(raw, undefined),
        (err: unknown) => err instanceof CliError && message.test(err.message),
        JSON.stringify(raw),
      );
    }
  });

  it("the default agent id is a valid one whatever the host name", () => {
    assert.match(defaultAgentId(), /^[A-Za-z0-9._:@-]{1,100}$/);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareMigrations, type MigrationFile } from "../../../lib/db/migrate";

const file = (name: string, checksum = `sum-${name}`): MigrationFile => ({ name, sql: "", checksum });
const row = (name: string, opts: { checksum?: string; finished?: boolean; rolledBack?: boolean } = {}) => ({
  migration_name: name,
  checksum: opts.checksum ?? `sum-${name}`,
  finished_at: opts.finished === false ? null : new Date(),
  rolled_back_at: opts.rolledBack ? new Date() : null,
});

describe("compareMigrations", () => {
  it("splits applied and pending in file order", () => {
    const s = compareMigrations([file("1_a"), file("2_b"), file("3_c")], [row("1_a")]);
    assert.deepEqual(s.applied, ["1_a"]);
    assert.deepEqual(s.pending, ["2_b", "3_c"]);
    assert.deepEqual(s.failed, []);
  });

  it("reports unfinished rows as failed and ignores rolled-back ones", () => {
    const s = compareMigrations(
      [file("1_a"), file("2_b")],
      [row("1_a"), row("2_b", { finished: false }), row("2_b", { rolledBack: true })],
    );
    assert.deepEqual(s.failed, ["2_b"]);
    assert.deepEqual(s.pending, ["2_b"]);
  });

  it("notices edited and unknown migrations", () => {
    const s = compareMigrations([file("1_a", "new")], [row("1_a", { checksum: "old" }), row("0_gone")]);
    assert.deepEqual(s.changed, ["1_a"]);
    assert.deepEqual(s.unknown, ["0_gone"]);
  });
});

// How long the embedded default takes: first start (initdb), warm start, migrations on an empty
// database, and a re-run of migrations with nothing to do. Printed, never asserted.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { migrate } from "../../lib/db/migrate";
import type { Bench } from "./main";

const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;

export const startup: Bench = {
  name: "startup",
  describe: "embedded PostgreSQL cold/warm start and migration time",
  async run({ root, tiny }) {
    const rounds = tiny ? 1 : 3;
    for (let i = 1; i <= rounds; i++) {
      const dir = await mkdtemp(path.join(os.tmpdir(), "relayscope-bench-"));
      try {
        let t0 = performance.now();
        const cold = await startEmbeddedPostgres({ dataDir: dir });
        const coldMs = ms(t0);
        t0 = performance.now();
        const applied = await migrate(cold.url, path.join(root, "prisma", "migrations"));
        const migrateMs = ms(t0);
        t0 = performance.now();
        await migrate(cold.url, path.join(root, "prisma", "migrations"));
        const noopMs = ms(t0);
        t0 = performance.now();
        await cold.stop();
        const stopMs = ms(t0);
        t0 = performance.now();
        const warm = await startEmbeddedPostgres({ dataDir: dir });
        const warmMs = ms(t0);
        await warm.stop();
        console.log(
          `round ${i}: cold start (initdb + start) ${coldMs} · migrate ${applied.applied.length} migration(s) ${migrateMs} · migrate again ${noopMs} · stop ${stopMs} · warm start ${warmMs}`,
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  },
};

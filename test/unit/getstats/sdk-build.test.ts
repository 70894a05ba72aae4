// Acceptance criterion 4: the SDK as served at /sdk.js is ≤ 10 kB min+gzip, has no runtime
// dependency (zod stays on the server), and the script-tag build defines `relayscope.monitor`.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import vm from "node:vm";
import { buildSdk, describeSizes, SDK_GZIP_BUDGET } from "../../../scripts/sdk/build";
import { ROOT } from "../../support/cli";

describe("SDK build", () => {
  it("is within its gzip budget, dependency-free, and defines relayscope.monitor", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "rs-sdk-"));
    try {
      const sizes = await buildSdk(ROOT, dir);
      console.log(describeSizes(sizes, ROOT));
      for (const s of sizes) assert.ok(s.gzipBytes <= SDK_GZIP_BUDGET, `${s.file}: ${s.gzipBytes} bytes gzip`);
      const script = await readFile(sizes[0].file, "utf8");
      assert.doesNotMatch(script, /\bzod\b|ZodError/);
      // A classic script in a page: the global it leaves behind.
      const page: Record<string, unknown> = {};
      vm.runInNewContext(`${script};this.exported = relayscope;`, page);
      const api = page.exported as { monitor: unknown; version: unknown };
      assert.equal(typeof api.monitor, "function");
      assert.match(String(api.version), /^\d+\.\d+\.\d+$/);
      const esm = await readFile(sizes[1].file, "utf8");
      assert.match(esm, /export\s*\{[^}]*\bmonitor\b/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a monitor made in a page without fetch or sendBeacon does not throw", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "rs-sdk-"));
    try {
      const [script] = await buildSdk(ROOT, dir);
      const page: Record<string, unknown> = { setInterval: () => 1, clearInterval: () => {} };
      const code = await readFile(script.file, "utf8");
      vm.runInNewContext(
        `${code};
         const pc = { getStats: () => Promise.reject(new Error("closed")), addEventListener() { throw new Error("odd pc") }, removeEventListener() {} };
         this.m = relayscope.monitor(pc, { appKey: "k", endpoint: "https://x.example/api/ingest/getstats", callId: "c", participantId: "p" });`,
        page,
      );
      const m = page.m as { stop(): Promise<void>; dropped: number };
      await m.stop();
      assert.equal(m.dropped, 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

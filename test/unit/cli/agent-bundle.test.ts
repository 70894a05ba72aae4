// `relayscope collect` runs the agent bundle only while it is newer than every source in it.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { AGENT_BUNDLE, AGENT_INPUTS, freshAgentBundle } from "../../../scripts/agent-bundle.mjs";

describe("agent bundle freshness", () => {
  it("uses the bundle only when it exists and no input changed since", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "rs-agent-bundle-"));
    try {
      assert.equal(freshAgentBundle(root), undefined, "no bundle");
      await mkdir(path.join(root, "dist", "agent"), { recursive: true });
      await mkdir(path.join(root, "collectors"), { recursive: true });
      const source = path.join(root, "collectors", "a.ts");
      await writeFile(source, "export {}");
      await writeFile(path.join(root, AGENT_BUNDLE), "// bundle");
      assert.equal(freshAgentBundle(root), undefined, "no input list");
      await writeFile(path.join(root, AGENT_INPUTS), JSON.stringify(["collectors/a.ts"]));
      const old = new Date(Date.now() - 60_000);
      await utimes(source, old, old);
      assert.equal(freshAgentBundle(root), path.join(root, AGENT_BUNDLE));
      // An edited source (a `git pull`) makes the bundle stale: run from source instead.
      const later = new Date(Date.now() + 60_000);
      await utimes(source, later, later);
      assert.equal(freshAgentBundle(root), undefined);
      // A source that no longer exists, too.
      await writeFile(path.join(root, AGENT_INPUTS), JSON.stringify(["collectors/gone.ts"]));
      assert.equal(freshAgentBundle(root), undefined);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

// postinstall: generate the Prisma client offline, then build the agent bundle. `prisma generate` does not use the schema engine,
// but the CLI insists on locating one; any existing file satisfies it, so we point it at node itself
// unless the operator configured a real engine.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};
const prismaCli = path.join(root, "node_modules", "prisma", "build", "index.js");
const result = spawnSync(process.execPath, [prismaCli, "generate"], { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
if (result.status !== 0) {
  console.error("relayscope: `prisma generate` failed; see above");
  process.exit(result.status ?? 1);
}

// The agent bundle (`relayscope collect` on TURN hosts runs it when fresh; scripts/agent-bundle.mjs).
// Not fatal: without it `collect` runs from source, only with more memory.
const agent = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "collectors", "agent", "build.ts")], {
  cwd: root,
  stdio: ["ignore", "inherit", "inherit"],
});
if (agent.status !== 0) console.error("relayscope: could not build the agent bundle; `relayscope collect` will run from source");

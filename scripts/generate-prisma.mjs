// postinstall: generate the Prisma client offline. `prisma generate` does not use the schema engine,
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

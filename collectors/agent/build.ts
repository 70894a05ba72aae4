// Bundles the agent (collectors/agent/main.ts) into one ESM file run by plain node:
// `node dist/agent/relayscope-agent.mjs collect coturn …`. Packages stay external (node_modules
// resolves them at run time, as for the CLI); only this repository's TypeScript is compiled in.
import { stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

import { AGENT_BUNDLE, AGENT_INPUTS } from "../../scripts/agent-bundle.mjs";

export { AGENT_BUNDLE };
export const AGENT_ENTRY = "collectors/agent/main.ts";

/** Writes the bundle; returns its path and size. */
export async function buildAgent(root: string): Promise<{ file: string; bytes: number }> {
  const file = path.join(root, AGENT_BUNDLE);
  const result = await build({
    metafile: true,
    entryPoints: [path.join(root, AGENT_ENTRY)],
    outfile: file,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    // Dynamic imports (the database code a --push agent never loads) stay lazy in one file.
    splitting: false,
    sourcemap: "linked",
    legalComments: "none",
    logLevel: "warning",
    absWorkingDir: root,
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes("node_modules"));
  await writeFile(path.join(root, AGENT_INPUTS), `${JSON.stringify(inputs)}\n`);
  return { file, bytes: (await stat(file)).size };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
  const { file, bytes } = await buildAgent(root);
  console.log(`${path.relative(root, file)}: ${(bytes / 1024).toFixed(0)} kB`);
}

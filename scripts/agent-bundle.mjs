// Whether `relayscope collect` can run the agent bundle (collectors/agent/build.ts) instead of the
// full CLI under tsx: only when the bundle exists and none of the sources compiled into it changed
// since (a `git pull` without a rebuild must never run old agent code). Plain JS: the launcher
// imports it before tsx is loaded.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";

export const AGENT_BUNDLE = "dist/agent/relayscope-agent.mjs";
export const AGENT_INPUTS = "dist/agent/relayscope-agent.inputs.json";

/** The bundle's path when it is there and newer than every source it was built from, else undefined. */
export function freshAgentBundle(root) {
  try {
    const bundle = path.join(root, AGENT_BUNDLE);
    const builtAt = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(path.join(root, AGENT_INPUTS), "utf8"));
    if (!Array.isArray(inputs) || inputs.length === 0) return undefined;
    for (const input of inputs) if (statSync(path.join(root, input)).mtimeMs > builtAt) return undefined;
    return bundle;
  } catch {
    // Missing bundle, missing or unreadable input list, a source that moved: run from source.
    return undefined;
  }
}

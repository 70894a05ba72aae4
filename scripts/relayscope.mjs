#!/usr/bin/env node
// `relayscope` CLI entry. The product is TypeScript; tsx compiles it on load so the CLI, the jobs and
// the app share one source tree without a separate build step.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { freshAgentBundle } from "./agent-bundle.mjs";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`relayscope: Node.js ${process.versions.node} is too old; install Node.js 20.19 or newer`);
  process.exit(1);
}
// lib/env reads this to find prisma/migrations and .next wherever the command is run from.
process.env.RELAYSCOPE_APP_ROOT ??= path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// `collect` runs the agent bundle when it is up to date: no tsx loader thread and none of the other
// commands' modules, ~60 MB less RSS on a TURN host. RELAYSCOPE_AGENT_BUNDLE=off runs from source.
const agent =
  process.argv[2] === "collect" && process.env.RELAYSCOPE_AGENT_BUNDLE !== "off"
    ? freshAgentBundle(process.env.RELAYSCOPE_APP_ROOT)
    : undefined;
if (agent) await import(pathToFileURL(agent).href);
else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("./cli/main.ts");
}

#!/usr/bin/env node
// `relayscope` CLI entry. The product is TypeScript; tsx compiles it on load so the CLI, the jobs and
// the app share one source tree without a separate build step.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`relayscope: Node.js ${process.versions.node} is too old; install Node.js 20.19 or newer`);
  process.exit(1);
}
// lib/env reads this to find prisma/migrations and .next wherever the command is run from.
process.env.RELAYSCOPE_APP_ROOT ??= path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
register();
await import("./cli/main.ts");

// The agent's own entry point: `collect coturn` and `collect prometheus` and nothing else, for the
// plain-node bundle collectors/agent/build.ts writes. The full CLI runs under tsx, whose loader
// thread and the modules of every other command cost an agent ~60 MB of RSS it never uses (a
// `--direct` backfill peaked at ~185 MB that way, ~120 MB bundled). The commands are the CLI's own:
// same flags, checks, output and exit codes.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { registerCollect } from "../../scripts/cli/commands/collect";
import { isKnownError } from "../../scripts/cli/errors";

// lib/env finds prisma/migrations through this; the bundle sits in <root>/dist/agent/.
process.env.RELAYSCOPE_APP_ROOT ??= path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const program = new Command("relayscope")
  .description("the relayscope agent: collect from TURN servers")
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride();
registerCollect(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  const known = isKnownError(err);
  process.stderr.write(`relayscope: ${known ? "" : "unexpected error: "}${(err as Error)?.message ?? String(err)}\n`);
  if (!known && (err as Error)?.stack) process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
}

// The `relayscope` command. Each verb lives in commands/; errors a person can fix print one line.
import { Command, CommanderError } from "commander";
import { registerApp } from "./commands/app";
import { registerKey } from "./commands/key";
import { registerMigrate } from "./commands/migrate";
import { registerServer } from "./commands/server";
import { registerStart } from "./commands/start";
import { registerTenant } from "./commands/tenant";
import { isKnownError } from "./errors";

export function buildProgram(): Command {
  const program = new Command("relayscope")
    .description("TURN relay observability: sessions, bandwidth, cost and abuse for coturn and WebRTC apps")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerStart(program);
  registerMigrate(program);
  registerTenant(program);
  registerServer(program);
  registerApp(program);
  registerKey(program);
  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  if (isKnownError(err)) {
    process.stderr.write(`relayscope: ${err.message}\n`);
  } else {
    process.stderr.write(`relayscope: unexpected error: ${(err as Error)?.message ?? String(err)}\n`);
    if ((err as Error)?.stack) process.stderr.write(`${(err as Error).stack}\n`);
  }
  process.exit(1);
}

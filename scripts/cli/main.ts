// The `relayscope` command. Errors a person can fix print one line and exit 1.
import { CommanderError } from "commander";
import { isKnownError } from "./errors";
import { buildProgram } from "./program";

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

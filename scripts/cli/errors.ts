// Errors a person caused or can fix: printed as one line, exit 1, no stack trace.

import { DatabaseUnreachableError } from "../../lib/db/check";
import { EmbeddedDatabaseError } from "../../lib/db/embedded";
import { MigrationError } from "../../lib/db/migrate";
import { DatabaseNotConfiguredError } from "../../lib/db/pool";
import { EnvError } from "../../lib/env";

export class CliError extends Error {}

const KNOWN = [CliError, EnvError, DatabaseUnreachableError, EmbeddedDatabaseError, MigrationError, DatabaseNotConfiguredError];

export function isKnownError(err: unknown): err is Error {
  return KNOWN.some((k) => err instanceof k);
}

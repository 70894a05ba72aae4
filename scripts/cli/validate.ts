// The CLI's option parsing; the input rules themselves live in lib/inventory/validate.ts, shared with
// the admin API, so that both accept the same values with the same messages.
import type { z } from "zod";
import { InventoryError } from "../../lib/inventory/errors";
import { CliError } from "./errors";

export { displayName, hostname, iceUrl, origin, portRange, realmRule, slug } from "../../lib/inventory/validate";

/** Parses one option value; a failure names the option. */
export function parseOption<T extends z.ZodType>(schema: T, value: unknown, option: string): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw new CliError(`${option} ${JSON.stringify(value)}: ${r.error.issues[0]?.message ?? "invalid"}`);
  return r.data;
}

export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Inventory errors (duplicates, unknown references) are a person's to fix: one line, exit 1. */
export async function asCliError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof InventoryError) throw new CliError(err.message);
    throw err;
  }
}

// Input rules shared by the entity commands, as zod schemas so that messages are uniform.
import { z } from "zod";
import { CliError } from "./errors";

export const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "use 1-63 lower-case letters, digits and dashes");
export const displayName = z.string().trim().min(1).max(100);
export const iceUrl = z
  .string()
  .regex(/^(stun|stuns|turn|turns):[^\s]{1,250}$/, "must be an ICE server url such as turn:turn.example.com:3478?transport=udp");
export const hostname = z.string().regex(/^[A-Za-z0-9.-]{1,253}$|^[0-9a-fA-F:]{2,39}$/, "must be a host name or an IP address");
export const origin = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === "https:" || u.protocol === "http:") && u.origin === v;
  } catch {
    return false;
  }
}, "must be an origin: scheme://host[:port], no path (https://app.example.com)");
export const realmRule = z
  .string()
  .regex(/^([^=\s]{1,255})=([a-z0-9][a-z0-9-]{0,62})$/, "use realm=tenant (realm `*` matches any realm)")
  .transform((v) => {
    const i = v.lastIndexOf("=");
    return { realm: v.slice(0, i), tenant: v.slice(i + 1) };
  });
export const portRange = z
  .string()
  .regex(/^\d{1,5}-\d{1,5}$/, "use min-max, e.g. 49152-65535")
  .transform((v) => v.split("-").map(Number) as [number, number])
  .refine(([a, b]) => a >= 1 && b <= 65535 && a <= b, "ports must be 1-65535 with min <= max");

/** Parses one option value; a failure names the option. */
export function parseOption<T extends z.ZodType>(schema: T, value: unknown, option: string): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw new CliError(`${option} ${JSON.stringify(value)}: ${r.error.issues[0]?.message ?? "invalid"}`);
  return r.data;
}

export const collect = (value: string, previous: string[] = []) => [...previous, value];

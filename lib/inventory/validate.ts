// Input rules for tenants, servers, apps and keys, shared by the CLI and the admin API so that both
// accept exactly the same values with the same messages. Every string has a bound.
import { z } from "zod";
import { parseDuration } from "../keys/format";

export const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "use 1-63 lower-case letters, digits and dashes");
export const displayName = z.string().trim().min(1).max(100);
export const iceUrl = z
  .string()
  .regex(/^(stun|stuns|turn|turns):[^\s]{1,250}$/, "must be an ICE server url such as turn:turn.example.com:3478?transport=udp");
export const hostname = z.string().regex(/^[A-Za-z0-9.-]{1,253}$|^[0-9a-fA-F:]{2,39}$/, "must be a host name or an IP address");
export const origin = z
  .string()
  .max(300)
  .refine((v) => {
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
/** A realm on its own (the API names the tenant by id next to it). */
export const realm = z.string().regex(/^[^=\s]{1,255}$/, "a realm has no spaces or `=`; `*` matches any realm");
export const portRange = z
  .string()
  .regex(/^\d{1,5}-\d{1,5}$/, "use min-max, e.g. 49152-65535")
  .transform((v) => v.split("-").map(Number) as [number, number])
  .refine(([a, b]) => a >= 1 && b <= 65535 && a <= b, "ports must be 1-65535 with min <= max");

export { SERVER_SOFTWARE, type ServerSoftware } from "./software";

export function isTimeZone(zone: string): boolean {
  return zone === "UTC" || Intl.supportedValuesOf("timeZone").includes(zone);
}
export const timeZone = z.string().max(64).refine(isTimeZone, "must be an IANA time zone (e.g. Europe/Berlin)");

/** Ids in URLs and bodies: a malformed one is simply unknown (404), never a database error. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const entityId = z.string().regex(UUID_PATTERN, "must be an id (uuid)");

/** Limits on list inputs, so one request cannot store unbounded arrays. */
export const MAX_URLS = 20;
export const MAX_ORIGINS = 50;
export const MAX_REALM_RULES = 50;

/** "90d", "12h", "2w": a lifetime from now, at most ten years. */
export const expiresIn = z
  .string()
  .max(16)
  .transform((v, ctx) => {
    const ms = parseDuration(v);
    if (!ms || ms > 3650 * 86_400_000) {
      ctx.addIssue({ code: "custom", message: "use a number and m, h, d or w (e.g. 90d), at most ten years" });
      return z.NEVER;
    }
    return new Date(Date.now() + ms);
  });

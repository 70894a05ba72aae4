// What the admin and account routes share: a bounded JSON body checked by a zod schema (400 naming
// the field), the audit actor of the caller, and inventory errors as 400/404/409.
import type { z } from "zod";
import type { AuditActor } from "../audit/record";
import type { Principal } from "../auth/principal";
import { UserInputError } from "../auth/users";
import { BodyError, readJsonBody } from "../http/body";
import { errorResponse } from "../http/errors";
import { requestPrefix } from "../privacy/request-prefix";
import { InventoryError } from "./errors";

/** Admin bodies are small forms; 64 KiB holds any of them many times over. */
const MAX_BODY_BYTES = 64 * 1024;

export function invalidInput(error: z.ZodError): Response {
  const issue = error.issues[0];
  const path = issue?.path.length ? issue.path.join(".") : "body";
  return errorResponse(400, "invalid_input", `${path}: ${issue?.message ?? "invalid"}`);
}

export async function readInput<T extends z.ZodType>(req: Request, schema: T): Promise<{ data: z.output<T> } | { response: Response }> {
  let raw: unknown;
  try {
    raw = await readJsonBody(req, MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyError) return { response: errorResponse(err.status, err.code, err.message) };
    throw err;
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? { data: parsed.data } : { response: invalidInput(parsed.error) };
}

export function actorOf(p: Principal, req: Request): AuditActor {
  return { actorType: "user", actorId: p.email, ipPrefix: requestPrefix(req.headers) };
}

export function notFound(what: string): Response {
  return errorResponse(404, "not_found", `no ${what} with this id`);
}

/** Known, person-caused errors as responses; anything else is rethrown (500). */
export function problemResponse(err: unknown): Response {
  if (err instanceof InventoryError) {
    const status = { invalid: 400, not_found: 404, conflict: 409 }[err.problem];
    return errorResponse(status, err.problem === "invalid" ? "invalid_input" : err.problem, err.message);
  }
  if (err instanceof UserInputError) {
    if (err.message === "no such user") return notFound("user");
    const conflict = /exists already|last enabled admin/.test(err.message);
    return errorResponse(conflict ? 409 : 400, conflict ? "conflict" : "invalid_input", err.message);
  }
  throw err;
}

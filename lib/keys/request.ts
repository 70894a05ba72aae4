// Reads a key from a request (Authorization: Bearer, or X-Relayscope-Key for sendBeacon-less
// clients) and answers 401 in the shared error shape when it does not authenticate.
import { type ApiError, errorResponse } from "../http/errors";
import type { KeyKind } from "./format";
import { type AuthenticatedKey, authenticateKey } from "./store";

const MESSAGES: Record<string, string> = {
  missing: "an API key is required: send `Authorization: Bearer <key>`",
  malformed: "the API key is malformed",
  unknown: "the API key is not valid",
  revoked: "the API key has been revoked",
  expired: "the API key has expired",
  "wrong-kind": "this API key may not be used here",
};

export function presentedKey(req: { readonly headers: { get(name: string): string | null } }): string | undefined {
  const auth = req.headers.get("authorization");
  const m = auth ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
  return m?.[1] ?? req.headers.get("x-relayscope-key") ?? undefined;
}

export async function requireKey(req: Request, allowed: readonly KeyKind[]): Promise<{ key: AuthenticatedKey } | { response: Response }> {
  const raw = presentedKey(req);
  if (!raw) return { response: errorResponse(401, "unauthorized", MESSAGES.missing) };
  const result = await authenticateKey(raw, allowed);
  if (result.ok) return { key: result.key };
  const err: ApiError = { code: result.reason === "wrong-kind" ? "forbidden" : "unauthorized", message: MESSAGES[result.reason] };
  return { response: errorResponse(result.reason === "wrong-kind" ? 403 : 401, err.code, err.message) };
}

// Authorisation of an API route handler, called first thing in every handler (not only in the
// proxy): 401 when nobody is signed in (or a token does not authenticate), 403 when signed in but
// not allowed, 403 for a cookie-authenticated change that does not come from our own origin (CSRF).
import { errorResponse } from "../http/errors";
import { isSameOriginRequest } from "./origin";
import { type Principal, resolvePrincipal } from "./principal";
import { type Role, roleAtLeast } from "./roles";

export type ApiRule = {
  /** Weakest role allowed. */
  role: Role;
  /** Whether read-API tokens may call it (reads and exports; never admin changes). */
  tokens: boolean;
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export async function authorizeApi(req: Request, rule: ApiRule): Promise<{ principal: Principal } | { response: Response }> {
  const resolved = await resolvePrincipal(req.headers);
  if ("invalidToken" in resolved) return { response: errorResponse(401, "unauthorized", resolved.invalidToken) };
  if ("anonymous" in resolved)
    return { response: errorResponse(401, "unauthorized", "sign in, or send a read-API token as `Authorization: Bearer <token>`") };
  const p = resolved.principal;
  if (p.kind === "token" && !rule.tokens)
    return { response: errorResponse(403, "forbidden", "read-API tokens may not call this endpoint; sign in") };
  if (p.kind === "user" && !SAFE_METHODS.has(req.method) && !isSameOriginRequest(req.headers))
    return {
      response: errorResponse(403, "forbidden", "cross-origin request refused: changes are accepted only from this app's own pages"),
    };
  if (p.kind === "user" && p.mustChangePassword)
    return { response: errorResponse(403, "password_change_required", "choose a new password first (/account)") };
  if (!roleAtLeast(p.role, rule.role))
    return { response: errorResponse(403, "forbidden", `this needs the ${rule.role} role; you are ${p.role}`) };
  return { principal: p };
}

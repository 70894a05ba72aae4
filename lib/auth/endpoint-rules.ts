// Rules relayscope adds around better-auth's endpoints (app/api/auth/[...all]/route.ts), where the
// library's own options cannot say them:
// - every POST but the OIDC callback must come from our exact origin (better-auth trusts every
//   loopback port without a public URL, and a SameSite=Lax cookie rides along from any of them);
// - no self-service profile edits: names are an admin's to change, and edits would go unaudited;
// - a one-time password cannot be "changed" to itself;
// - a disabled account's correct password reads exactly like a wrong one.
import { isSameOriginRequest } from "./origin";

const BASE = "/api/auth";

/** better-auth's own error shape ({ code, message }), as every other answer of these endpoints. */
function refuse(status: number, code: string, message: string): Response {
  return Response.json({ code, message }, { status });
}

async function jsonBody(req: Request): Promise<Record<string, unknown>> {
  try {
    const body = await req.clone().json();
    return body && typeof body === "object" ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A refusal to send instead of calling better-auth, or undefined to go on. */
export async function refuseBeforeAuth(req: Request): Promise<Response | undefined> {
  if (req.method !== "POST") return undefined;
  const path = new URL(req.url).pathname;
  if (path.startsWith(`${BASE}/callback/`)) return undefined;
  if (!isSameOriginRequest(req.headers))
    return refuse(403, "INVALID_ORIGIN", "cross-origin request refused: sign in from this app's own pages");
  if (path === `${BASE}/update-user`) return refuse(403, "PROFILE_EDIT_DISABLED", "names are changed by an admin (Settings → Users)");
  if (path === `${BASE}/change-password`) {
    const body = await jsonBody(req);
    if (typeof body.newPassword === "string" && body.newPassword === body.currentPassword)
      return refuse(400, "PASSWORD_UNCHANGED", "choose a password different from the current one");
  }
  return undefined;
}

/** better-auth's answer, with a disabled account's sign-in made indistinguishable from a wrong password. */
export async function rewriteAfterAuth(req: Request, res: Response): Promise<Response> {
  if (req.method !== "POST" || new URL(req.url).pathname !== `${BASE}/sign-in/email` || res.ok) return res;
  const body = (await res
    .clone()
    .json()
    .catch(() => ({}))) as { code?: string };
  if (body.code !== "FAILED_TO_CREATE_SESSION") return res;
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  return Response.json({ code: "INVALID_EMAIL_OR_PASSWORD", message: "Invalid email or password" }, { status: 401, headers });
}

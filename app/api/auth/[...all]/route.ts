// better-auth's endpoints (sign-in, sign-out, session, password change, OIDC callback). Public by
// design: each endpoint authenticates itself, and sign-in attempts are rate-limited per client
// address (lib/auth/better-auth.ts); lib/auth/endpoint-rules.ts adds our origin check and the rules
// the library cannot express.
import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "../../../../lib/auth/better-auth";
import { refuseBeforeAuth, rewriteAfterAuth } from "../../../../lib/auth/endpoint-rules";

export const dynamic = "force-dynamic";

async function handle(req: Request): Promise<Response> {
  const refused = await refuseBeforeAuth(req);
  if (refused) return refused;
  return rewriteAfterAuth(req, await auth().handler(req));
}

export const { GET, POST } = toNextJsHandler(handle);

// better-auth's endpoints (sign-in, sign-out, session, password change, OIDC callback). Public by
// design: each endpoint authenticates itself, checks the request's origin, and sign-in attempts are
// rate-limited per client address (lib/auth/better-auth.ts).
import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "../../../../lib/auth/better-auth";

export const dynamic = "force-dynamic";

const handle = (req: Request) => auth().handler(req);

export const { GET, POST } = toNextJsHandler(handle);

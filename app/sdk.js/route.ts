// GET /sdk.js: the browser SDK as a classic script; it defines `window.relayscope`.
import { serveSdk } from "../../lib/sdk/serve";

export const dynamic = "force-dynamic";

export function GET(req: Request): Promise<Response> {
  return serveSdk(req, "relayscope.js");
}

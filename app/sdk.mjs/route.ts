// GET /sdk.mjs: the browser SDK as an ES module (`import { monitor } from ".../sdk.mjs"`).
import { serveSdk } from "../../lib/sdk/serve";

export const dynamic = "force-dynamic";

export function GET(req: Request): Promise<Response> {
  return serveSdk(req, "relayscope.mjs");
}

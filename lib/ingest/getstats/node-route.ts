// The getStats ingest served straight from `relayscope start`'s node:http server, beside Next: the
// same handler as app/api/ingest/getstats/route.ts, without the router's per-request cost
// (measured by `npm run bench -- ingest`; docs/scaling.md).
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendWebResponse, webRequestOf } from "../../http/node-request";
import { handleGetstatsPost, handleGetstatsPreflight } from "./handle";

const PATH = "/api/ingest/getstats";

export function isGetstatsIngest(req: IncomingMessage): boolean {
  if (req.method !== "POST" && req.method !== "OPTIONS") return false;
  const url = req.url ?? "";
  const q = url.indexOf("?");
  return (q === -1 ? url : url.slice(0, q)) === PATH;
}

export async function serveGetstatsIngest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const web = webRequestOf(req);
  try {
    const response = req.method === "OPTIONS" ? await handleGetstatsPreflight(web) : await handleGetstatsPost(web);
    await sendWebResponse(req, res, response);
  } catch (err) {
    // The client went away mid-body (a page closed, a load test ending): nobody is left to answer.
    if (req.destroyed || (err as NodeJS.ErrnoException).code === "ECONNRESET") return;
    throw err;
  }
}

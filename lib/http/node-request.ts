// A node:http request seen through the few parts of the web Request API our handlers use (url,
// headers.get, body), and a web Response written back to node:http. `relayscope start` serves the
// getStats ingest this way, beside Next rather than through it: the hot path of the product skips a
// router that costs more CPU per request than the ingest itself (docs/scaling.md).

import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "../env";
import type { BodySource } from "./body";
import { BASE_SECURITY_HEADERS, hstsHeader, NON_DOCUMENT_CSP } from "./security-headers";

export type NodeWebRequest = BodySource & { readonly url: string; readonly method: string };

export function webRequestOf(req: IncomingMessage): NodeWebRequest {
  return {
    url: `http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`,
    method: req.method ?? "GET",
    headers: {
      get(name: string) {
        const v = req.headers[name.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
      },
    },
    // Not destroyed when a reader stops early (oversized body): the answer must still be sent.
    body: req.iterator({ destroyOnReturn: false }),
  };
}

/** Beyond this much more of a refused body, the connection is cut rather than drained. */
const MAX_DRAIN_BYTES = 1024 * 1024;

/**
 * A refused body (413, 401…) is read and thrown away after the answer: closing a socket with unread
 * data makes the kernel send a reset, which can destroy the answer before the client reads it, and
 * an unread remainder would be taken for the next request of a kept-alive connection.
 */
function drainRefusedBody(req: IncomingMessage): void {
  let drained = 0;
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAX_DRAIN_BYTES) req.socket.destroy();
  });
  req.resume();
}

export async function sendWebResponse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  // The same security headers next.config.ts and proxy.ts give every API response Next serves.
  const headers: Record<string, string> = {
    ...BASE_SECURITY_HEADERS,
    "Content-Security-Policy": NON_DOCUMENT_CSP,
    ...hstsHeader(env().RELAYSCOPE_PUBLIC_URL),
  };
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  if (!req.complete) drainRefusedBody(req);
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  res.writeHead(response.status, headers);
  res.end(body);
}

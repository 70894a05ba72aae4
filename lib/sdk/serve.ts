// Serves the built browser SDK (scripts/sdk/build.ts → dist/sdk) with a content hash as ETag and a
// short cache lifetime: pages load it on every visit, and a new release should reach them within
// minutes. Read once per process.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { appRoot } from "../env";
import { errorResponse } from "../http/errors";

const cache = new Map<string, Promise<{ body: Buffer; etag: string }>>();

function load(file: string) {
  let hit = cache.get(file);
  if (!hit) {
    hit = readFile(path.join(/*turbopackIgnore: true*/ appRoot(), "dist", "sdk", file)).then((body) => ({
      body,
      etag: `"${createHash("sha256").update(body).digest("hex").slice(0, 32)}"`,
    }));
    hit.catch(() => cache.delete(file));
    cache.set(file, hit);
  }
  return hit;
}

export async function serveSdk(req: Request, file: "relayscope.js" | "relayscope.mjs"): Promise<Response> {
  let built: { body: Buffer; etag: string };
  try {
    built = await load(file);
  } catch {
    return errorResponse(503, "sdk_not_built", "the SDK has not been built: run `npm run build` (relayscope start builds it)");
  }
  const headers = {
    "content-type": "text/javascript; charset=utf-8",
    "cache-control": "public, max-age=300",
    etag: built.etag,
    // The ESM build is loaded with <script type="module"> or import(), which are CORS requests.
    "access-control-allow-origin": "*",
  };
  if (req.headers.get("if-none-match") === built.etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(built.body), { status: 200, headers });
}

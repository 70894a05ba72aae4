// A JSON request body of bounded size (STYLE.md §4): refused from its Content-Length when possible,
// else while reading; a gzip body is bounded again after decompression (no zip bombs).
import { promisify } from "node:util";
import { gunzip } from "node:zlib";

const gunzipAsync = promisify(gunzip);

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const tooLarge = (max: number, what = "the body") =>
  new BodyError(413, "payload_too_large", `${what} is larger than ${max} bytes: send smaller batches`);

/**
 * What a body reader needs of a request: a web Request has it, and so has the adapter that serves
 * the getStats ingest straight from node:http (lib/http/node-request.ts).
 */
export type BodySource = {
  readonly headers: { get(name: string): string | null };
  readonly body: AsyncIterable<Uint8Array> | null;
};

async function readBounded(req: BodySource, max: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > max) throw tooLarge(max);
  if (!req.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Leaving the loop early cancels a web stream; a node request is left unread, not destroyed, so
  // the 413 still reaches the client.
  for await (const value of req.body) {
    total += value.byteLength;
    if (total > max) throw tooLarge(max);
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The parsed JSON body; `Content-Encoding: gzip` is honoured, other encodings are refused (415). */
export async function readJsonBody(req: BodySource, maxBytes: number): Promise<unknown> {
  const encoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (!["identity", "gzip", "x-gzip"].includes(encoding)) {
    throw new BodyError(415, "unsupported_encoding", `Content-Encoding ${encoding} is not supported: send gzip or no encoding`);
  }
  let raw = await readBounded(req, maxBytes);
  if (encoding !== "identity") {
    try {
      raw = await gunzipAsync(raw, { maxOutputLength: maxBytes });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError) {
        throw tooLarge(maxBytes, "the decompressed body");
      }
      throw new BodyError(400, "invalid_gzip", "the body is not valid gzip");
    }
  }
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw new BodyError(400, "invalid_json", "the body is not valid JSON");
  }
}

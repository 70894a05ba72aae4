// POST /api/ingest/getstats (served by app/api/ingest/getstats/route.ts under Next, and straight
// from node:http by `relayscope start`, lib/http/node-request.ts): one body of getStats summaries from the browser SDK (or a native client
// speaking the published JSON Schema). Checks run cheapest first: size and type, the client's rate,
// the app key, the page's origin, the key's rate, then the body; each refusal has its status and is
// counted on /metrics. 200 when every item was stored (or already was), 207 when some were refused
// (per-item index, field path and reason), 400 when the body or all of its items were.
import { MAX_GETSTATS_BODY_BYTES } from "../../../collectors/schema/getstats";
import { BodyError, type BodySource, readJsonBody } from "../../http/body";
import { requestClientAddress } from "../../http/client-ip";
import { errorResponse } from "../../http/errors";
import { authenticateAppKey, originAllowed } from "../../keys/app-key";
import { log } from "../../log";
import { type RequestRejectReason, recordBatch, recordRejectedRequest } from "../../metrics/ingest";
import { acceptedContentType, appKeyOf, corsHeaders, getstatsRateLimiter, preflightHeaders, tooManyRequests, withHeaders } from "./http";
import { ingestGetstatsBody } from "./ingest";

const KEY_MESSAGES: Record<string, string> = {
  missing: "an app key is required: `?key=<app key>` (or Authorization: Bearer)",
  malformed: "the app key is malformed",
  unknown: "the app key is not valid",
  revoked: "the app key has been revoked",
  expired: "the app key has expired",
  "wrong-kind": "this is not an app key: the SDK needs a key made with `relayscope key create --app`",
  "no-app": "this app key belongs to no app",
};

function refuse(status: number, reason: RequestRejectReason, code: string, message: string, headers?: Record<string, string>): Response {
  recordBatch("getstats", status);
  recordRejectedRequest("getstats", reason);
  return errorResponse(status, code, message, headers);
}

/** The parts of a request the handler reads: a web Request, or a node:http one adapted. */
export type IngestHttpRequest = BodySource & { readonly url: string };

export async function handleGetstatsPost(req: IngestHttpRequest): Promise<Response> {
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > MAX_GETSTATS_BODY_BYTES) {
    return refuse(
      413,
      "payload_too_large",
      "payload_too_large",
      `the body is larger than ${MAX_GETSTATS_BODY_BYTES} bytes: send fewer items per body`,
    );
  }
  if (!acceptedContentType(req)) {
    return refuse(415, "unsupported_media_type", "unsupported_media_type", "send the body as text/plain or application/json");
  }
  const limiter = getstatsRateLimiter();
  const clientAddress = requestClientAddress(req);
  const byIp = await limiter.takeIp(clientAddress);
  if (!byIp.ok) {
    recordBatch("getstats", 429);
    recordRejectedRequest("getstats", "rate_limited");
    // Before the key is checked the origin is not known to be allowed; this answer carries no data,
    // so any page may read it, and the SDK can honour Retry-After instead of retrying blind.
    return tooManyRequests(byIp.retryAfterSeconds, "ip", {
      "access-control-allow-origin": "*",
      "access-control-expose-headers": "retry-after",
    });
  }
  const raw = appKeyOf(req);
  const verdict = raw ? await authenticateAppKey(raw) : ({ ok: false, reason: "missing" } as const);
  if (!verdict.ok) {
    const status = verdict.reason === "wrong-kind" || verdict.reason === "no-app" ? 403 : 401;
    return refuse(status, "unauthorized", status === 403 ? "forbidden" : "unauthorized", KEY_MESSAGES[verdict.reason]);
  }
  const origin = req.headers.get("origin");
  if (!originAllowed(verdict.app, origin)) {
    return refuse(
      403,
      "origin_not_allowed",
      "origin_not_allowed",
      `origin ${origin} may not send stats for this app: add it with \`relayscope app add … --origin ${origin}\``,
    );
  }
  const cors = corsHeaders(origin);
  const byKey = await limiter.takeKey(verdict.app.keyId);
  if (!byKey.ok) {
    recordBatch("getstats", 429);
    recordRejectedRequest("getstats", "rate_limited");
    return tooManyRequests(byKey.retryAfterSeconds, "key", cors);
  }

  let body: unknown;
  try {
    body = await readJsonBody(req, MAX_GETSTATS_BODY_BYTES);
  } catch (err) {
    if (!(err instanceof BodyError)) throw err;
    const reason = err.status === 413 ? "payload_too_large" : err.status === 415 ? "unsupported_media_type" : "invalid_body";
    return refuse(err.status, reason, err.code, err.message, cors);
  }
  try {
    const out = await ingestGetstatsBody({ appId: verdict.app.appId, tenantId: verdict.app.tenantId }, body, {
      clientAddress,
      userAgent: req.headers.get("user-agent") ?? undefined,
    });
    if (!out.ok) {
      recordBatch("getstats", 400);
      recordRejectedRequest("getstats", "invalid_body");
      return Response.json(
        { error: { code: "invalid_body", message: `${out.issues[0].path}: ${out.issues[0].message}`, issues: out.issues } },
        { status: 400, headers: cors },
      );
    }
    const status = out.rejected.length === 0 ? 200 : out.accepted === 0 ? 400 : 207;
    recordBatch("getstats", status);
    const answer = {
      connection: out.connection,
      accepted: out.accepted,
      inserted: out.inserted,
      duplicates: out.duplicates,
      rejected: out.rejected,
      joined: out.joined,
      ...(status === 400 ? { error: { code: "invalid_items", message: "no item of this body is valid; see rejected" } } : {}),
    };
    return Response.json(answer, { status, headers: { ...cors, "cache-control": "no-store" } });
  } catch (err) {
    log().error({ err, key: verdict.app.prefix }, "getStats ingest failed");
    recordBatch("getstats", 500);
    return withHeaders(errorResponse(500, "ingest_failed", "the body was not stored; retry later"), cors);
  }
}

/** CORS preflight (a native-style application/json or gzip body from a page): allowed origins only. */
export async function handleGetstatsPreflight(req: IngestHttpRequest): Promise<Response> {
  const origin = req.headers.get("origin");
  const raw = appKeyOf(req);
  if (origin === null || !raw) return new Response(null, { status: 204 });
  const verdict = await authenticateAppKey(raw).catch(() => null);
  if (!verdict?.ok || !originAllowed(verdict.app, origin)) return new Response(null, { status: 403 });
  return new Response(null, { status: 204, headers: preflightHeaders(origin) });
}

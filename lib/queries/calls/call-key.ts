// A call is client_connection rows grouped by (app, call id). Its id in URLs (/calls/<id>,
// /api/v1/calls/<id>) is `<app uuid>.<call id in base64url>`: the SDK's call id is any printable text (up
// to 128 characters: slashes, question marks, percent signs, #…), and base64url keeps it one path segment that no
// proxy, router or browser re-encodes or decodes differently. The list endpoints give it ready-made.
// By hand: printf %s "$CALL_ID" | base64 | tr -d '=\n' | tr '+/' '-_'
export type CallKey = { appId: string; callId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const B64URL = /^[A-Za-z0-9_-]{1,172}$/;
const MAX_CALL_ID = 128;

export function encodeCallKey(k: CallKey): string {
  return `${k.appId}.${Buffer.from(k.callId, "utf8").toString("base64url")}`;
}

/** The call a URL id names, or null when it is no id encodeCallKey could have made. */
export function decodeCallKey(id: string): CallKey | null {
  const dot = id.indexOf(".");
  if (dot !== 36) return null;
  const appId = id.slice(0, dot).toLowerCase();
  const encoded = id.slice(dot + 1);
  if (!UUID.test(appId) || !B64URL.test(encoded)) return null;
  const callId = Buffer.from(encoded, "base64url").toString("utf8");
  // Only the canonical encoding: one call has one id (and invalid UTF-8 does not round-trip).
  if (callId.length === 0 || callId.length > MAX_CALL_ID || Buffer.from(callId, "utf8").toString("base64url") !== encoded) return null;
  return { appId, callId };
}

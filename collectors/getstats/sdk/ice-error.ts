// `icecandidateerror` events as the SDK keeps them: which ICE server failed and how. Per-ICE-server
// health that no stats object carries (a 401 is a wrong TURN credential, 701 an unreachable
// server). The event's `address` is the client's own host address: never kept.

export type IceCandidateError = { url?: string; errorCode: number; errorText?: string };

const MAX_URL = 512;
const MAX_TEXT = 256;

export function iceCandidateError(event: { url?: unknown; errorCode?: unknown; errorText?: unknown }): IceCandidateError | null {
  const code = event.errorCode;
  if (typeof code !== "number" || !Number.isInteger(code) || code < 0 || code > 999) return null;
  const out: IceCandidateError = { errorCode: code };
  if (typeof event.url === "string" && event.url) out.url = event.url.slice(0, MAX_URL);
  if (typeof event.errorText === "string" && event.errorText) out.errorText = event.errorText.slice(0, MAX_TEXT);
  return out;
}

// The authorisation matrix: for every route (method + path pattern, as discovered from app/), what
// each caller gets. Later issues add their routes here; a route on disk without a row fails the test.
//
// Outcomes: an HTTP status, "login" (a page sends nobody signed in to /login?next=…), or
// "redirect:<path>" (a page that forwards a signed-in person elsewhere). Authorised callers of a
// change get 400 for an empty body and 404 for an unknown id: the guard let them through, and the
// matrix changes nothing. Routes authorise before they validate, so nobody learns an API's shape
// without being allowed to use it.
import type { Caller } from "./principals";

export type Outcome = number | "login" | `redirect:${string}`;
export type MatrixRow = {
  method: string;
  pattern: string;
  /** Concrete path to request (defaults to the pattern); dynamic segments get an unknown id. */
  path?: string;
  body?: unknown;
  headers?: Record<string, string>;
  expect: Record<Caller, Outcome>;
};

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

const same = (o: Outcome): Record<Caller, Outcome> => ({ signedOut: o, viewer: o, operator: o, admin: o, token: o, wrongTenant: o });
/** Read API: any signed-in role or a token. */
const readApi = (ok: Outcome) => ({ signedOut: 401, viewer: ok, operator: ok, admin: ok, token: ok, wrongTenant: ok });
/** Admin changes and admin reads: cookie sessions of admins only. */
const adminApi = (ok: Outcome) => ({ signedOut: 401, viewer: 403, operator: 403, admin: ok, token: 403, wrongTenant: 403 });
/** The caller's own account (tokens): every signed-in person, never a token. */
const accountApi = (ok: Outcome) => ({ signedOut: 401, viewer: ok, operator: ok, admin: ok, token: 403, wrongTenant: ok });
/** Agents' and browsers' ingest: keys of their own kind only; a session cookie is no key, a read token is the wrong kind. */
const ingest = (noKey: Outcome) => ({ signedOut: noKey, viewer: noKey, operator: noKey, admin: noKey, token: 403, wrongTenant: noKey });
const viewerPage = (ok: Outcome = 200) =>
  ({ signedOut: "login", viewer: ok, operator: ok, admin: ok, token: "login", wrongTenant: ok }) as const;
const adminPage = { signedOut: "login", viewer: 403, operator: 403, admin: 200, token: "login", wrongTenant: 403 } as const;

export const MATRIX: MatrixRow[] = [
  // Pages
  { method: "GET", pattern: "/", expect: viewerPage() },
  { method: "GET", pattern: "/login", expect: { ...same("redirect:/"), signedOut: 200, token: 200 } },
  { method: "GET", pattern: "/account/password", expect: viewerPage() },
  { method: "GET", pattern: "/setup", expect: viewerPage() },
  { method: "GET", pattern: "/sessions", expect: viewerPage() },
  { method: "GET", pattern: "/sessions/[id]", path: `/sessions/${UNKNOWN_ID}`, expect: viewerPage(404) },
  { method: "GET", pattern: "/calls", expect: viewerPage() },
  { method: "GET", pattern: "/calls/[id]", path: `/calls/${UNKNOWN_ID}`, expect: viewerPage(404) },
  { method: "GET", pattern: "/servers", expect: viewerPage() },
  {
    method: "GET",
    pattern: "/settings",
    expect: { ...viewerPage("redirect:/settings/tokens"), admin: "redirect:/settings/users" },
  },
  { method: "GET", pattern: "/settings/tokens", expect: viewerPage() },
  { method: "GET", pattern: "/settings/users", expect: adminPage },
  { method: "GET", pattern: "/settings/tenants", expect: adminPage },
  { method: "GET", pattern: "/settings/servers", expect: adminPage },
  { method: "GET", pattern: "/settings/apps", expect: adminPage },
  { method: "GET", pattern: "/settings/keys", expect: adminPage },
  { method: "GET", pattern: "/settings/audit", expect: adminPage },

  // Public by design
  { method: "GET", pattern: "/api/health", expect: same(200) },
  { method: "GET", pattern: "/sdk.js", expect: same(200) },
  { method: "GET", pattern: "/sdk.mjs", expect: same(200) },
  { method: "GET", pattern: "/api/ingest/getstats/schema", expect: same(200) },
  // better-auth: the session probe answers everyone; a wrong password is 401 for everyone.
  { method: "GET", pattern: "/api/auth/[...all]", path: "/api/auth/get-session", expect: same(200) },
  {
    method: "POST",
    pattern: "/api/auth/[...all]",
    path: "/api/auth/sign-in/email",
    body: { email: "nobody@e2e.test", password: "not-the-password" },
    expect: same(401),
  },
  // Prometheus: from RELAYSCOPE_METRICS_ALLOW addresses (not these callers') or an all-tenant token.
  { method: "GET", pattern: "/metrics", expect: { ...same(403), signedOut: 401 } },

  // Ingest (keys)
  { method: "GET", pattern: "/api/ingest/checkpoint", path: "/api/ingest/checkpoint?agentId=x&fileId=y", expect: ingest(401) },
  // Agents' and the SDK's keys ask what they are; a read token asks /api/v1/me (it acts for a person).
  { method: "GET", pattern: "/api/ingest/whoami", expect: ingest(401) },
  { method: "POST", pattern: "/api/ingest/coturn", body: {}, expect: ingest(401) },
  { method: "POST", pattern: "/api/ingest/metrics", body: {}, expect: ingest(401) },
  { method: "POST", pattern: "/api/ingest/getstats", body: {}, expect: ingest(401) },
  // A CORS preflight without a key is answered without CORS headers (browsers then stop); one that
  // names a key must name an app key whose app allows the origin — a read token does not.
  {
    method: "OPTIONS",
    pattern: "/api/ingest/getstats",
    headers: { "access-control-request-method": "POST" },
    expect: { ...same(204), token: 403 },
  },

  // Read API
  { method: "GET", pattern: "/api/v1/me", expect: readApi(200) },
  { method: "GET", pattern: "/api/v1/overview", expect: readApi(200) },
  { method: "GET", pattern: "/api/v1/relay-share", expect: readApi(200) },
  { method: "GET", pattern: "/api/v1/transport-mix", expect: readApi(200) },
  { method: "GET", pattern: "/api/v1/bandwidth", expect: readApi(200) },
  { method: "GET", pattern: "/api/v1/latency", expect: readApi(200) },
  { method: "GET", pattern: "/api/v1/call-setup", expect: readApi(200) },
  { method: "GET", pattern: "/api/v1/allocations", expect: readApi(200) },
  { method: "GET", pattern: "/api/v1/freshness", expect: readApi(200) },
  { method: "GET", pattern: "/api/v1/filters", expect: readApi(200) },
  { method: "GET", pattern: "/api/v1/servers", expect: readApi(200) },
  { method: "GET", pattern: "/api/v1/sessions", expect: readApi(200) },
  // Drill-downs of an id nobody has (or the caller may not see): 404, never someone else's row.
  { method: "GET", pattern: "/api/v1/sessions/[id]", path: `/api/v1/sessions/${UNKNOWN_ID}`, expect: readApi(404) },
  { method: "GET", pattern: "/api/v1/calls", expect: readApi(200) },
  { method: "GET", pattern: "/api/v1/calls/[id]", path: `/api/v1/calls/${UNKNOWN_ID}`, expect: readApi(404) },

  // Own account
  { method: "GET", pattern: "/api/account/tokens", expect: accountApi(200) },
  { method: "POST", pattern: "/api/account/tokens", body: {}, expect: accountApi(400) },
  { method: "DELETE", pattern: "/api/account/tokens/[id]", path: `/api/account/tokens/${UNKNOWN_ID}`, expect: accountApi(404) },

  // Admin
  { method: "GET", pattern: "/api/admin/users", expect: adminApi(200) },
  { method: "POST", pattern: "/api/admin/users", body: {}, expect: adminApi(400) },
  { method: "PATCH", pattern: "/api/admin/users/[id]", path: `/api/admin/users/${UNKNOWN_ID}`, body: { name: "x" }, expect: adminApi(404) },
  {
    method: "POST",
    pattern: "/api/admin/users/[id]/password",
    path: `/api/admin/users/${UNKNOWN_ID}/password`,
    body: {},
    expect: adminApi(404),
  },
  { method: "GET", pattern: "/api/admin/tenants", expect: adminApi(200) },
  { method: "POST", pattern: "/api/admin/tenants", body: {}, expect: adminApi(400) },
  { method: "GET", pattern: "/api/admin/servers", expect: adminApi(200) },
  { method: "POST", pattern: "/api/admin/servers", body: {}, expect: adminApi(400) },
  { method: "GET", pattern: "/api/admin/apps", expect: adminApi(200) },
  { method: "POST", pattern: "/api/admin/apps", body: {}, expect: adminApi(400) },
  { method: "PATCH", pattern: "/api/admin/apps/[id]", path: `/api/admin/apps/${UNKNOWN_ID}`, body: { origins: [] }, expect: adminApi(404) },
  { method: "GET", pattern: "/api/admin/keys", expect: adminApi(200) },
  { method: "POST", pattern: "/api/admin/keys", body: {}, expect: adminApi(400) },
  { method: "DELETE", pattern: "/api/admin/keys/[id]", path: `/api/admin/keys/${UNKNOWN_ID}`, expect: adminApi(404) },
  { method: "GET", pattern: "/api/admin/audit", expect: adminApi(200) },
];

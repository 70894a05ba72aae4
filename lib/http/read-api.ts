// The shape of every /api/v1 read endpoint (STYLE.md §5): authorise (cookie or read-API token,
// viewer and up), parse the shared dashboard filters (400 naming the parameter), resolve them to
// the caller's scope, run one query, answer JSON. Routes stay a few lines each.
import { authorizeApi } from "../auth/guard-api";
import type { Principal } from "../auth/principal";
import { type DashboardFilters, parseDashboardFilters } from "../queries/dashboard-filters";
import { type QueryScope, resolveQueryScope } from "../queries/query-scope";
import { errorResponse } from "./errors";

export type ReadContext = { principal: Principal; filters: DashboardFilters; scope: QueryScope; params: URLSearchParams };

/** A thrown BadParam becomes a 400 naming the parameter (for endpoint-specific parameters). */
export class BadParam extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
  }
}

/** A thrown NotFound becomes a 404 (drill-downs of an id the caller cannot see, or that does not exist). */
export class NotFound extends Error {}

export async function readApi(req: Request, answer: (ctx: ReadContext) => Promise<unknown>): Promise<Response> {
  const auth = await authorizeApi(req, { role: "viewer", tokens: true });
  if ("response" in auth) return auth.response;
  const params = new URL(req.url).searchParams;
  const parsed = parseDashboardFilters(params);
  if (!parsed.ok) return errorResponse(400, "bad_request", `${parsed.param}: ${parsed.message}`);
  try {
    const scope = await resolveQueryScope(auth.principal.tenantIds, parsed.filters);
    const body = await answer({ principal: auth.principal, filters: parsed.filters, scope, params });
    return Response.json(body, { headers: { "Cache-Control": "private, no-store" } });
  } catch (err) {
    if (err instanceof BadParam) return errorResponse(400, "bad_request", `${err.param}: ${err.message}`);
    if (err instanceof NotFound) return errorResponse(404, "not_found", err.message || "not found");
    throw err;
  }
}

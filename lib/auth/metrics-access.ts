// Who may read /metrics: Prometheus scrapes from addresses in RELAYSCOPE_METRICS_ALLOW (default this
// machine only), or anyone with a read-API token that sees every tenant (an admin's token with no
// tenant limit), since the series span all tenants. Everything else: 401 / 403.
import { env } from "../env";
import { addressInCidrs, requestClientAddress } from "../http/client-ip";
import { errorResponse } from "../http/errors";
import { resolvePrincipal } from "./principal";

/** undefined when allowed; otherwise the refusal to send. */
export async function refuseMetricsScrape(req: Request): Promise<Response | undefined> {
  if (!req.headers.get("authorization") && addressInCidrs(requestClientAddress(req), env().RELAYSCOPE_METRICS_ALLOW)) return undefined;
  const resolved = await resolvePrincipal(req.headers);
  if ("invalidToken" in resolved) return errorResponse(401, "unauthorized", resolved.invalidToken);
  if ("anonymous" in resolved)
    return errorResponse(
      401,
      "unauthorized",
      "send a read-API token (Authorization: Bearer), or scrape from an address in RELAYSCOPE_METRICS_ALLOW",
    );
  if (resolved.principal.kind !== "token" || resolved.principal.tenantIds !== null)
    return errorResponse(403, "forbidden", "/metrics spans every tenant: use a read-API token of an admin without a tenant limit");
  return undefined;
}

// Who may read /metrics: Prometheus scrapes from addresses in RELAYSCOPE_METRICS_ALLOW (default this
// machine only), or anyone with a read-API token that sees every tenant (an admin's token with no
// tenant limit), since the series span all tenants. Everything else: 401 / 403.
import ipaddr from "ipaddr.js";
import { env } from "../env";
import { requestClientAddress } from "../http/client-ip";
import { errorResponse } from "../http/errors";
import { resolvePrincipal } from "./principal";

export function addressAllowed(address: string | undefined, cidrs: readonly string[]): boolean {
  if (!address || !ipaddr.isValid(address)) return false;
  let addr = ipaddr.parse(address);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  return cidrs.some((c) => {
    const [net, bits] = ipaddr.parseCIDR(c);
    return net.kind() === addr.kind() && addr.match(net, bits);
  });
}

/** undefined when allowed; otherwise the refusal to send. */
export async function refuseMetricsScrape(req: Request): Promise<Response | undefined> {
  if (!req.headers.get("authorization") && addressAllowed(requestClientAddress(req), env().RELAYSCOPE_METRICS_ALLOW)) return undefined;
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

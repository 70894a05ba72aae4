// Live allocations by transport per TURN server against its capacity, and the gauge sampled over the
// range (lib/queries/get-live-allocations.ts). Honours the range, server, region and tenant filters;
// `perServer=true` adds one series per server.
import { BadParam, readApi } from "../../../../lib/http/read-api";
import { getLiveAllocations } from "../../../../lib/queries/get-live-allocations";

export const dynamic = "force-dynamic";

function perServer(raw: string | null): boolean {
  if (raw === null || raw === "" || raw === "false") return false;
  if (raw === "true") return true;
  throw new BadParam("perServer", "perServer must be true or false");
}

export async function GET(req: Request): Promise<Response> {
  return readApi(req, ({ scope, params }) => getLiveAllocations(scope, { perServer: perServer(params.get("perServer")) }));
}

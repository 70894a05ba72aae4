// How fresh each source is (coturn agents, metrics targets, SDK apps, rollup job), with what to do
// about a missing one (lib/queries/get-freshness.ts). Honours the server, region, tenant and app filters.
import { readApi } from "../../../../lib/http/read-api";
import { getFreshness } from "../../../../lib/queries/get-freshness";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  return readApi(req, ({ scope }) => getFreshness(scope));
}

// The filter bar's choices: servers, regions, tenants, realms and apps the caller may see
// (lib/queries/get-filter-options.ts). Not narrowed by the filters in effect.
import { readApi } from "../../../../lib/http/read-api";
import { getFilterOptions } from "../../../../lib/queries/get-filter-options";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  return readApi(req, ({ principal }) => getFilterOptions(principal.tenantIds));
}

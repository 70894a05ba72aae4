// GET /api/v1/calls: calls (browser connections grouped by app and call id) whose first connection
// arrived in the range, with the shared filters plus pathKind and relayed, sort and keyset pagination.
import { BadParam, readApi } from "../../../../lib/http/read-api";
import { listCalls, parseCallListParams } from "../../../../lib/queries/calls/list-calls";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  return readApi(req, async ({ scope, params }) => {
    const parsed = parseCallListParams(params);
    if (!parsed.ok) throw new BadParam(parsed.param, parsed.message);
    return listCalls(scope, parsed.params);
  });
}

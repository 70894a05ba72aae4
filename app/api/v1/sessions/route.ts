// GET /api/v1/sessions: the sessions explorer's rows (docs/api.md), with the shared filters plus its
// own (user, transport, closeReason, bytes, duration, open), sort and keyset pagination.
import { BadParam, readApi } from "../../../../lib/http/read-api";
import { listSessions, parseSessionListParams } from "../../../../lib/queries/sessions/list-sessions";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  return readApi(req, async ({ scope, params }) => {
    const parsed = parseSessionListParams(params);
    if (!parsed.ok) throw new BadParam(parsed.param, parsed.message);
    return listSessions(scope, parsed.params);
  });
}

// GET /api/v1/overview: the overview's headline figures for the shared dashboard filters (docs/api.md).
import { readApi } from "../../../../lib/http/read-api";
import { getOverview } from "../../../../lib/queries/overview/get-overview";

export const dynamic = "force-dynamic";

export function GET(req: Request): Promise<Response> {
  return readApi(req, ({ scope }) => getOverview(scope));
}

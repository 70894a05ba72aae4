// GET /api/v1/bandwidth: the overview's figures for the shared dashboard filters (docs/api.md).
import { readApi } from "../../../../lib/http/read-api";
import { getBandwidth } from "../../../../lib/queries/overview/get-bandwidth";

export const dynamic = "force-dynamic";

export function GET(req: Request): Promise<Response> {
  return readApi(req, ({ scope }) => getBandwidth(scope));
}

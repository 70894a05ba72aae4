// GET /api/v1/latency: the overview's figures for the shared dashboard filters (docs/api.md).
import { readApi } from "../../../../lib/http/read-api";
import { getLatency } from "../../../../lib/queries/overview/get-latency";

export const dynamic = "force-dynamic";

export function GET(req: Request): Promise<Response> {
  return readApi(req, ({ scope }) => getLatency(scope));
}

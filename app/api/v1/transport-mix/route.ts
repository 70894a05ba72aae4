// GET /api/v1/transport-mix: the overview's figures for the shared dashboard filters (docs/api.md).
import { readApi } from "../../../../lib/http/read-api";
import { getTransportMix } from "../../../../lib/queries/overview/get-transport-mix";

export const dynamic = "force-dynamic";

export function GET(req: Request): Promise<Response> {
  return readApi(req, ({ scope }) => getTransportMix(scope));
}

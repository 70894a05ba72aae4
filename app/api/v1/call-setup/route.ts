// GET /api/v1/call-setup: the overview's figures for the shared dashboard filters (docs/api.md).
import { readApi } from "../../../../lib/http/read-api";
import { getCallSetup } from "../../../../lib/queries/overview/get-call-setup";

export const dynamic = "force-dynamic";

export function GET(req: Request): Promise<Response> {
  return readApi(req, ({ scope }) => getCallSetup(scope));
}

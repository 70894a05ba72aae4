// GET /api/v1/relay-share: the overview's figures for the shared dashboard filters (docs/api.md).
import { readApi } from "../../../../lib/http/read-api";
import { getRelayShare } from "../../../../lib/queries/overview/get-relay-share";

export const dynamic = "force-dynamic";

export function GET(req: Request): Promise<Response> {
  return readApi(req, ({ scope }) => getRelayShare(scope));
}

// The Servers page: per visible TURN server its inventory, runs, sources and their status, live
// allocations vs capacity and traffic over the range (lib/queries/list-servers.ts).
import { readApi } from "../../../../lib/http/read-api";
import { listServers } from "../../../../lib/queries/list-servers";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  return readApi(req, ({ scope }) => listServers(scope));
}

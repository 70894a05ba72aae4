import { refuseMetricsScrape } from "../../lib/auth/metrics-access";
import { registry } from "../../lib/metrics/registry";
// Registers the ingest counters and the collector series (read from the database at scrape time).
import "../../lib/metrics/ingest";
// Registers the metrics-target and active-relay gauges (read from the database at scrape time).
import "../../lib/metrics/scrape-time";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  const refused = await refuseMetricsScrape(req);
  if (refused) return refused;
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}

import { registry } from "../../lib/metrics/registry";
// Registers the ingest counters and the collector series (read from the database at scrape time).
import "../../lib/metrics/ingest";
// Registers the metrics-target and active-relay gauges (read from the database at scrape time).
import "../../lib/metrics/scrape-time";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}

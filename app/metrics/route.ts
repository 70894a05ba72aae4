import { registry } from "../../lib/metrics/registry";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}

// Our own Prometheus exposition (served at /metrics). One registry per process, kept on globalThis
// so the CLI's module graph (jobs) and Next's bundled route handlers record into the same one.
import client from "prom-client";
import packageJson from "../../package.json";

type Holder = { relayscopeRegistry?: Registry };
type Registry = {
  registry: client.Registry;
  jobRuns: client.Histogram<"job" | "outcome">;
};
const holder = globalThis as Holder;

function create(): Registry {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  // prom-client names three gauges `_total`, which Prometheus reserves for counters (`promtool check
  // metrics` refuses them); each is the sum of its per-type sibling (nodejs_active_handles{type}…).
  for (const name of ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"]) {
    registry.removeSingleMetric(name);
  }
  const build = new client.Gauge({
    name: "relayscope_build_info",
    help: "relayscope version running",
    labelNames: ["version", "node"],
    registers: [registry],
  });
  build.set({ version: packageJson.version, node: process.version }, 1);
  return {
    registry,
    jobRuns: new client.Histogram({
      name: "relayscope_job_duration_seconds",
      help: "Background job runs by job and outcome",
      labelNames: ["job", "outcome"],
      buckets: [0.01, 0.1, 0.5, 1, 5, 30, 120],
      registers: [registry],
    }),
  };
}

holder.relayscopeRegistry ??= create();
export const { registry, jobRuns } = holder.relayscopeRegistry;

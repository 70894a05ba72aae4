// Gauges computed when /metrics is scraped, from the database, so every app instance answers the
// same: each metrics target's status, and the relay sessions open now with their bytes per leg.
import client from "prom-client";
import { type ActiveRelayRow, getActiveRelayGauges, getTargetGauges, type TargetGaugeRow } from "../queries/get-scrape-time-gauges";
import { registry } from "./registry";
import { scrapeTimeRead } from "./scrape-time-read";

type Holder = { relayscopeScrapeTimeGauges?: true };
const holder = globalThis as Holder;

/** A target's label: its URL without credentials, and the query of a PromQL target. */
function targetLabel(row: TargetGaugeRow): string {
  let url = row.url;
  try {
    const u = new URL(row.url);
    u.username = "";
    u.password = "";
    url = u.toString();
  } catch {
    // stored URLs were validated; keep it as it is
  }
  return row.query ? `${url} ${row.query}`.slice(0, 300) : url.slice(0, 300);
}

function register(): void {
  const targets = scrapeTimeRead(getTargetGauges, "metrics target");
  const active = scrapeTimeRead(getActiveRelayGauges, "active relay");
  const targetGauge = (name: string, help: string, value: (r: TargetGaugeRow) => number | null) =>
    new client.Gauge({
      name,
      help,
      labelNames: ["server", "mode", "target"],
      registers: [registry],
      async collect() {
        this.reset();
        for (const r of await targets()) {
          const v = value(r);
          if (v !== null) this.set({ server: r.server, mode: r.mode, target: targetLabel(r) }, v);
        }
      },
    });
  targetGauge("relayscope_metrics_target_up", "1 when the target's last scrape succeeded", (r) => (r.up ? 1 : 0));
  targetGauge("relayscope_metrics_target_consecutive_failures", "Failed scrapes of the target in a row", (r) => r.consecutive_failures);
  targetGauge("relayscope_metrics_target_series", "Series stored from the target's last successful scrape", (r) => r.series_count);
  targetGauge(
    "relayscope_metrics_target_last_success_age_seconds",
    "Seconds since the target's last successful scrape",
    (r) => r.success_age_seconds,
  );

  const relayGauge = (name: string, help: string, labelNames: string[], fill: (g: client.Gauge<string>, r: ActiveRelayRow) => void) =>
    new client.Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        for (const r of await active()) fill(this, r);
      },
    });
  relayGauge(
    "relayscope_relay_sessions_active",
    "Relay sessions open now (no close line yet, seen within the hour)",
    ["server", "tenant"],
    (g, r) => g.set({ server: r.server, tenant: r.tenant }, r.sessions),
  );
  relayGauge(
    "relayscope_relay_session_bytes",
    "Bytes moved so far by the relay sessions open now, by leg (client, peer) and direction (rx, tx)",
    ["server", "tenant", "leg", "direction"],
    (g, r) => {
      const base = { server: r.server, tenant: r.tenant };
      g.set({ ...base, leg: "client", direction: "rx" }, r.client_rx);
      g.set({ ...base, leg: "client", direction: "tx" }, r.client_tx);
      g.set({ ...base, leg: "peer", direction: "rx" }, r.peer_rx);
      g.set({ ...base, leg: "peer", direction: "tx" }, r.peer_tx);
    },
  );
}

if (!holder.relayscopeScrapeTimeGauges) {
  register();
  holder.relayscopeScrapeTimeGauges = true;
}

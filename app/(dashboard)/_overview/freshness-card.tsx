"use client";
// Overview g: how fresh each source is (coturn agents, metrics, browsers' SDK, the rollup job), with
// the reason and the next step when a source is missing.
import Link from "next/link";
import { formatTimestamp } from "../../../lib/format/time";
import type { Freshness, FreshnessResponse } from "../../../lib/queries/get-freshness";
import { SourceStatus } from "../servers/source-status";
import { ChartCard } from "../ui/chart-card";
import { useFreshness } from "./use-overview";

type Line = { source: string; status: Freshness; detail: string };

function lines(d: FreshnessResponse): Line[] {
  const when = (iso: string | null) => (iso ? `last ${formatTimestamp(iso)}` : "never");
  const out: Line[] = [];
  const add = (
    source: string,
    s: { status: Freshness; message: string | null },
    items: Array<{ label: string; status: Freshness; at: string | null; message: string | null }>,
  ) => {
    if (items.length === 0) out.push({ source, status: s.status, detail: s.message ?? "no items" });
    for (const i of items) out.push({ source: `${source}: ${i.label}`, status: i.status, detail: i.message ?? when(i.at) });
  };
  add(
    "coturn logs",
    d.coturn,
    d.coturn.items.map((i) => ({ label: i.server, status: i.status, at: i.lastDeliveryAt, message: i.message })),
  );
  add(
    "Metrics",
    d.metrics,
    d.metrics.items.map((i) => ({ label: i.server, status: i.status, at: i.lastSuccessAt, message: i.message })),
  );
  add(
    "Browser SDK",
    d.getstats,
    d.getstats.items.map((i) => ({ label: `${i.app} (${i.tenant})`, status: i.status, at: i.lastReportAt, message: i.message })),
  );
  add(
    "Rollups",
    d.rollups,
    d.rollups.items.map((i) => ({ label: i.name, status: i.status, at: i.updatedAt, message: i.message })),
  );
  return out;
}

export function FreshnessCard() {
  const q = useFreshness();
  return (
    <ChartCard title="Data freshness" description="Each source's last delivery" toggle={false} query={q}>
      {(d) => (
        <>
          <ul className="freshness-list">
            {lines(d).map((l) => (
              <li key={l.source}>
                <SourceStatus status={l.status} source={l.source} /> <strong>{l.source}</strong> <span className="muted">{l.detail}</span>
              </li>
            ))}
          </ul>
          <p className="muted">
            Missing a source? <Link href="/setup">Setup</Link> shows the commands for each.
          </p>
        </>
      )}
    </ChartCard>
  );
}

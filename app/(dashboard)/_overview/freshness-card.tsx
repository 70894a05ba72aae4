"use client";
// Overview g: how fresh each source is (coturn agents, metrics, browsers' SDK, the rollup job): one
// line per source with its counts, then the items that are not fresh (a few, with the reason and
// the next step). A source nobody has set up says how to add it.
import Link from "next/link";
import { formatTimestamp } from "../../../lib/format/time";
import type { Freshness, FreshnessResponse, SourceFreshness } from "../../../lib/queries/get-freshness";
import { SourceStatus } from "../servers/source-status";
import { ChartCard } from "../ui/chart-card";
import { useFreshness } from "./use-overview";

/** Items listed per source when not fresh; the rest are counted. */
const SHOWN = 4;

type Item = { label: string; status: Freshness; at: string | null; message: string | null };
type Source = { name: string; noun: string; freshness: SourceFreshness<unknown>; items: Item[] };

function sources(d: FreshnessResponse): Source[] {
  return [
    {
      name: "coturn logs",
      noun: "servers",
      freshness: d.coturn,
      items: d.coturn.items.map((i) => ({ label: i.server, status: i.status, at: i.lastDeliveryAt, message: i.message })),
    },
    {
      name: "Metrics",
      noun: "servers",
      freshness: d.metrics,
      items: d.metrics.items.map((i) => ({ label: i.server, status: i.status, at: i.lastSuccessAt, message: i.message })),
    },
    {
      name: "Browser SDK",
      noun: "apps",
      freshness: d.getstats,
      items: d.getstats.items.map((i) => ({ label: `${i.app} (${i.tenant})`, status: i.status, at: i.lastReportAt, message: i.message })),
    },
    {
      name: "Rollups",
      noun: "rollups",
      freshness: d.rollups,
      items: d.rollups.items.map((i) => ({ label: i.name, status: i.status, at: i.updatedAt, message: i.message })),
    },
  ];
}

function counts(items: Item[], noun: string): string {
  const n = (s: Freshness) => items.filter((i) => i.status === s).length;
  return `${items.length} ${noun}: ${n("fresh")} fresh, ${n("stale")} stale, ${n("never")} without data`;
}

function SourceLine({ s }: { s: Source }) {
  const late = s.items.filter((i) => i.status !== "fresh");
  return (
    <li>
      <SourceStatus status={s.freshness.status} source={s.name} /> <strong>{s.name}</strong>{" "}
      <span className="muted">{s.items.length === 0 ? (s.freshness.message ?? "nothing yet") : counts(s.items, s.noun)}</span>
      {late.length > 0 ? (
        <ul>
          {late.slice(0, SHOWN).map((i) => (
            <li key={i.label}>
              {i.label}: <span className="muted">{i.message ?? (i.at ? `last ${formatTimestamp(i.at)}` : "never")}</span>
            </li>
          ))}
          {late.length > SHOWN ? <li className="muted">and {late.length - SHOWN} more (see Servers)</li> : null}
        </ul>
      ) : null}
    </li>
  );
}

export function FreshnessCard() {
  const q = useFreshness();
  return (
    <ChartCard title="Data freshness" description="Each source's last delivery" toggle={false} query={q}>
      {(d) => (
        <>
          <ul className="freshness-list">
            {sources(d).map((s) => (
              <SourceLine key={s.name} s={s} />
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

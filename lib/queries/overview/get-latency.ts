// Latency (overview d): RTT p50/p95/p99 of the browsers' selected pairs, from the rollups' fixed
// RTT histograms (lib/rollups/rtt-histogram.ts) added over the range, so percentiles are exact to a
// bucket whatever the range: by TURN server, by region, by path kind (the transport), and relayed
// against direct, plus a series of relayed and direct p50/p95 (from the series rollups, which keep
// relayed/direct but not the transport, so a week's hourly series reads a bounded number of rows).
import { runQuery } from "../../db/run-query";
import { addHistograms, HISTOGRAM_SUM_SQL, percentile } from "../../rollups/rtt-histogram";
import type { QueryScope } from "../query-scope";
import { num, perGranularity, type RangeInfo, rollupRead, totalsPerGranularity } from "./rollup-range";
import { AXIS, CLIENT_SERIES_WHERE, CLIENT_WHERE } from "./rollup-where";

const NIL = "00000000-0000-0000-0000-000000000000";

function groupsSql(table: string): string {
  return `
    SELECT g.turn_server_id, g.path_kind::text AS path_kind, s.name AS server, s.region, g.h::text[] AS h
    FROM (
      SELECT turn_server_id, path_kind, ${HISTOGRAM_SUM_SQL} AS h
      FROM ${table} WHERE ${CLIENT_WHERE} GROUP BY 1, 2
    ) g LEFT JOIN turn_server s ON s.id = g.turn_server_id`;
}

function seriesSql(table: string, step: string): string {
  return `
    WITH a AS (
      SELECT bucket, path_class = 'relayed' AS relayed, ${HISTOGRAM_SUM_SQL}::text[] AS h
      FROM ${table} WHERE ${CLIENT_SERIES_WHERE} AND path_class <> 'none' GROUP BY 1, 2
    )
    SELECT t AS bucket, r.h AS relayed, d.h AS direct
    FROM ${AXIS(step)} AS t
    LEFT JOIN a r ON r.bucket = t AND r.relayed
    LEFT JOIN a d ON d.bucket = t AND NOT d.relayed
    ORDER BY t`;
}

const GROUPS = totalsPerGranularity("client", groupsSql);
const SERIES = perGranularity("client_series", seriesSql);

export type RttSummary = { samples: number; p50: number | null; p95: number | null; p99: number | null; p99AtLeast: boolean };
export type Latency = {
  range: RangeInfo;
  relayed: RttSummary;
  direct: RttSummary;
  byPathKind: Array<RttSummary & { pathKind: string }>;
  byServer: Array<RttSummary & { server: string; region: string | null }>;
  byRegion: Array<RttSummary & { region: string }>;
  series: Array<{ t: string; relayedP50: number | null; relayedP95: number | null; directP50: number | null; directP95: number | null }>;
};

function summary(h: number[]): RttSummary {
  const p99 = percentile(h, 0.99);
  return {
    samples: h.reduce((a, b) => a + b, 0),
    p50: percentile(h, 0.5).ms,
    p95: percentile(h, 0.95).ms,
    p99: p99.ms,
    p99AtLeast: p99.atLeast,
  };
}

type GroupRow = { turn_server_id: string; path_kind: string; server: string | null; region: string | null; h: string[] };

function grouped(rows: GroupRow[], keyOf: (r: GroupRow) => string | null): Map<string, number[][]> {
  const out = new Map<string, number[][]>();
  for (const r of rows) {
    const k = keyOf(r);
    if (k === null) continue;
    out.set(k, [...(out.get(k) ?? []), r.h.map(num)]);
  }
  return out;
}

export async function getLatency(scope: QueryScope): Promise<Latency> {
  const read = rollupRead(scope);
  const [groups, series] = await Promise.all([
    runQuery<GroupRow>(GROUPS[read.granularity], read.client),
    runQuery<{ bucket: Date; relayed: string[] | null; direct: string[] | null }>(SERIES[read.granularity], read.client),
  ]);
  const measured = groups.filter((g) => g.path_kind !== "none");
  const sumOf = (hs: number[][] | undefined) => summary(addHistograms(hs ?? []));
  const relayedRows = grouped(measured, (r) => (r.path_kind === "direct" ? null : "relayed"));
  const directRows = grouped(measured, (r) => (r.path_kind === "direct" ? "direct" : null));
  const byPath = grouped(measured, (r) => r.path_kind);
  const byServer = grouped(measured, (r) => (r.turn_server_id === NIL || !r.server ? null : `${r.server}\u0000${r.region ?? ""}`));
  const byRegion = grouped(measured, (r) => (r.turn_server_id === NIL ? null : (r.region ?? "(no region)")));
  const fromSeries = (h: string[] | null) => (h ? summary(addHistograms([h.map(num)])) : null);
  return {
    range: read.info,
    relayed: sumOf(relayedRows.get("relayed")),
    direct: sumOf(directRows.get("direct")),
    byPathKind: [...byPath].map(([pathKind, hs]) => ({ pathKind, ...sumOf(hs) })).sort((a, b) => a.pathKind.localeCompare(b.pathKind)),
    byServer: [...byServer]
      .map(([k, hs]) => {
        const [server, region] = k.split("\u0000");
        return { server, region: region || null, ...sumOf(hs) };
      })
      .sort((a, b) => a.server.localeCompare(b.server)),
    byRegion: [...byRegion].map(([region, hs]) => ({ region, ...sumOf(hs) })).sort((a, b) => a.region.localeCompare(b.region)),
    series: series.map((r) => {
      const rel = fromSeries(r.relayed);
      const dir = fromSeries(r.direct);
      return {
        t: r.bucket.toISOString(),
        relayedP50: rel?.p50 ?? null,
        relayedP95: rel?.p95 ?? null,
        directP50: dir?.p50 ?? null,
        directP95: dir?.p95 ?? null,
      };
    }),
  };
}

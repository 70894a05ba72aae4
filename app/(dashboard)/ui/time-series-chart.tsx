"use client";
// Metrics over time (relay share, bandwidth, latency…): lines or areas, optionally stacked, x in
// UTC on round ticks, y through the series' unit formatter. Inside a ChartCard the Table toggle
// shows the same points as a table. The svg is a named image (role="img" + aria-label) that keeps
// Recharts' keyboard layer: arrow keys walk the tooltip through the points.
import { useMemo } from "react";
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatTimestamp, formatTimeTick, type TimeInput, timeTicks, toDate } from "../../../lib/format/time";
import { formatTick, toNumber } from "../../../lib/format/units";
import { ChartTooltip } from "./chart-tooltip";
import { useChartView } from "./chart-view";
import { type SeriesDef, seriesColor, TICK_STYLE } from "./series";
import { SeriesTable } from "./series-table";

export type TimeSeriesChartProps<Row> = {
  /** The chart's accessible name and its table's caption, e.g. "Relay share over time". */
  label: string;
  data: readonly Row[];
  /** The row field holding the bucket's time (ISO string, epoch ms or Date). */
  timeKey: keyof Row & string;
  series: readonly SeriesDef<keyof Row & string>[];
  /** The requested range, so the x axis spans it even where data is missing; default: the data's span. */
  domain?: { from: TimeInput; to: TimeInput };
  kind?: "line" | "area";
  stacked?: boolean;
  height?: number;
  /** A shaded band of expected values on the y axis (e.g. the relay share band), labelled. */
  band?: { from: number; to: number; label: string };
};

type Point = { t: number; row: Record<string, number | null> };

/**
 * The y axis uses the first series' unit; give one chart series of one unit (tooltips and the table
 * format each series by its own unit regardless).
 */
export function TimeSeriesChart<Row extends object>({
  label,
  data,
  timeKey,
  series,
  domain,
  kind = "line",
  stacked,
  height = 260,
  band,
}: TimeSeriesChartProps<Row>) {
  const view = useChartView();
  const points = useMemo(() => {
    const out: Point[] = [];
    for (const r of data) {
      const rec = r as Record<string, unknown>;
      const t = toDate(rec[timeKey] as TimeInput)?.getTime();
      if (t === undefined) continue;
      const row: Record<string, number | null> = { t };
      for (const s of series) row[s.key] = toNumber(rec[s.key]);
      out.push({ t, row });
    }
    return out.sort((a, b) => a.t - b.t).map((p) => p.row);
  }, [data, series, timeKey]);

  // A value with no value beside it draws no line segment: such series get dots, or they vanish.
  const isolated = useMemo(() => {
    const out = new Set<string>();
    for (const s of series) {
      const v = points.map((p) => p[s.key]);
      if (v.some((x, i) => x !== null && (v[i - 1] ?? null) === null && (v[i + 1] ?? null) === null)) out.add(s.key);
    }
    return out;
  }, [points, series]);

  if (view === "table") {
    return (
      <SeriesTable
        caption={label}
        rows={points}
        first={{ key: "t", label: "Time (UTC)", value: (p) => (p.t === null ? null : new Date(p.t)) }}
        series={series}
      />
    );
  }

  // The axis spans the requested range and any bucket reaching past it (buckets are aligned).
  const ends = [toDate(domain?.from)?.getTime(), toDate(domain?.to)?.getTime(), points[0]?.t, points.at(-1)?.t].filter(
    (t): t is number => typeof t === "number",
  );
  const first = ends.length > 0 ? Math.min(...ends) : 0;
  const last = ends.length > 0 ? Math.max(...ends) : 0;
  const { ticks, stepMs } = timeTicks(first, last);
  const unit = series[0]?.unit ?? "count";
  const stackId = stacked ? "stack" : undefined;
  return (
    <div className="chart" style={{ height }}>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={points} role="img" aria-label={label} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" vertical={false} />
          {band ? (
            <ReferenceArea
              y1={band.from}
              y2={band.to}
              fill="var(--ok, #2e7d32)"
              fillOpacity={0.08}
              stroke="none"
              ifOverflow="extendDomain"
              label={{ value: band.label, position: "insideTopRight", fill: "var(--muted)", fontSize: 12 }}
            />
          ) : null}
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[first, last]}
            ticks={ticks}
            tickFormatter={(v: number) => formatTimeTick(v, stepMs)}
            tick={TICK_STYLE}
            stroke="var(--border)"
          />
          <YAxis
            width={72}
            domain={[0, "auto"]}
            tickFormatter={(v: number) => formatTick(v, unit)}
            tick={TICK_STYLE}
            stroke="var(--border)"
          />
          <Tooltip
            content={(p) => (
              <ChartTooltip {...p} series={series} total={stacked} formatLabel={(l) => formatTimestamp(l, { seconds: stepMs < 60_000 })} />
            )}
          />
          <Legend itemSorter={null} formatter={(value: string) => <span className="legend-label">{value}</span>} />
          {series.map((s, i) =>
            kind === "area" ? (
              <Area
                key={s.key}
                type="linear"
                dataKey={s.key as string}
                name={s.label}
                stackId={stackId}
                stroke={seriesColor(s, i)}
                fill={seriesColor(s, i)}
                fillOpacity={stacked ? 0.55 : 0.18}
                isAnimationActive={false}
              />
            ) : (
              <Line
                key={s.key}
                type="linear"
                dataKey={s.key as string}
                name={s.label}
                stroke={seriesColor(s, i)}
                strokeWidth={2}
                dot={isolated.has(s.key) ? { r: 3, fill: seriesColor(s, i) } : false}
                isAnimationActive={false}
              />
            ),
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

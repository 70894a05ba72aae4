"use client";
// Figures per category (per server, per transport, per region…): grouped or stacked bars, vertical
// or horizontal (long names read better down the side). Same series/unit model and table view as
// TimeSeriesChart; categories keep the order the rows arrive in (the query ranks them).
import { Bar, CartesianGrid, Legend, BarChart as RechartsBarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatTick } from "../../../lib/format/units";
import { ChartTooltip } from "./chart-tooltip";
import { useChartView } from "./chart-view";
import { type SeriesDef, seriesColor, TICK_STYLE } from "./series";
import { SeriesTable } from "./series-table";

export type BarChartProps<Row> = {
  /** Accessible name and table caption, e.g. "Relayed traffic by server". */
  label: string;
  data: readonly Row[];
  categoryKey: keyof Row & string;
  /** The table view's header for the category column, e.g. "Server". */
  categoryLabel: string;
  /** Display text for a category value (e.g. a transport code → its name). */
  formatCategory?: (value: string) => string;
  series: readonly SeriesDef<keyof Row & string>[];
  stacked?: boolean;
  /** Bars run left to right, categories down the side. */
  horizontal?: boolean;
  /** Defaults to 260, or to 32 px per category when horizontal. */
  height?: number;
};

export function BarChart<Row extends object>(props: BarChartProps<Row>) {
  const { label, data, categoryKey, categoryLabel, series, stacked, horizontal } = props;
  const view = useChartView();
  const category = (row: Row) => String((row as Record<string, unknown>)[categoryKey] ?? "");
  const name = (v: string) => (props.formatCategory ? props.formatCategory(v) : v);

  if (view === "table") {
    return (
      <SeriesTable
        caption={label}
        rows={data}
        first={{ key: categoryKey, label: categoryLabel, value: (row) => name(category(row)) }}
        series={series}
        defaultSort={null}
      />
    );
  }

  const height = props.height ?? (horizontal ? Math.max(120, data.length * 32 + 56) : 260);
  const unit = series[0]?.unit ?? "count";
  const valueAxis = {
    type: "number" as const,
    tickFormatter: (v: number) => formatTick(v, unit),
    tick: TICK_STYLE,
    stroke: "var(--border)",
  };
  const categoryAxis = {
    type: "category" as const,
    dataKey: categoryKey as string,
    tickFormatter: (v: unknown) => name(String(v)),
    tick: TICK_STYLE,
    stroke: "var(--border)",
    interval: 0 as const,
  };
  return (
    <div className="chart" style={{ height }}>
      <ResponsiveContainer width="100%" height={height}>
        <RechartsBarChart
          data={data as Row[]}
          layout={horizontal ? "vertical" : "horizontal"}
          role="img"
          aria-label={label}
          margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
        >
          <CartesianGrid stroke="var(--border)" horizontal={!horizontal} vertical={!!horizontal} />
          {horizontal ? <XAxis {...valueAxis} /> : <XAxis {...categoryAxis} />}
          {horizontal ? <YAxis {...categoryAxis} width={140} /> : <YAxis {...valueAxis} width={72} />}
          <Tooltip
            cursor={{ fill: "var(--code-bg)" }}
            content={(p) => <ChartTooltip {...p} series={series} total={stacked} formatLabel={(l) => name(String(l ?? ""))} />}
          />
          {series.length > 1 ? (
            <Legend itemSorter={null} formatter={(value: string) => <span className="legend-label">{value}</span>} />
          ) : null}
          {series.map((s, i) => (
            <Bar
              key={s.key}
              dataKey={s.key as string}
              name={s.label}
              stackId={stacked ? "stack" : undefined}
              fill={seriesColor(s, i)}
              maxBarSize={40}
              isAnimationActive={false}
            />
          ))}
        </RechartsBarChart>
      </ResponsiveContainer>
    </div>
  );
}

"use client";
// The table view of a chart: one row per x value (time or category), one column per series, every
// value through the same unit formatter as the chart's tooltip.
import { toNumber } from "../../../lib/format/units";
import { type Column, DataTable, type SortState } from "./data-table";
import type { SeriesDef } from "./series";

type Props<Row> = {
  caption: string;
  rows: readonly Row[];
  /** The x column: "Time (UTC)" or the category. */
  first: Column<Row>;
  series: readonly SeriesDef[];
  /** Defaults to the x column ascending; null keeps the rows' own order (e.g. ranked categories). */
  defaultSort?: SortState | null;
};

export function SeriesTable<Row extends object>({ caption, rows, first, series, defaultSort }: Props<Row>) {
  const columns: Column<Row>[] = [
    first,
    ...series.map((s) => ({
      key: s.key,
      label: s.label,
      unit: s.unit,
      value: (row: Row) => toNumber((row as Record<string, unknown>)[s.key]),
    })),
  ];
  return (
    <DataTable
      caption={caption}
      hideCaption
      columns={columns}
      rows={rows}
      rowKey={(row, i) => `${String(first.value(row))}#${i}`}
      defaultSort={defaultSort === null ? undefined : (defaultSort ?? { key: first.key, direction: "asc" })}
      maxHeight={360}
    />
  );
}

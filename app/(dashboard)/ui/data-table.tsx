"use client";
// The dashboard's table: sortable columns (click a header; aria-sort says the order), cells
// formatted by unit like the charts, a caption for screen readers, optional links per cell. Also
// the table view of every chart, so a chart's numbers are always readable as text.
import Link from "next/link";
import { type ReactNode, useMemo, useState } from "react";
import { formatCount, NONE } from "../../../lib/format/numbers";
import { formatTimestamp } from "../../../lib/format/time";
import { formatValue, toNumber, type Unit } from "../../../lib/format/units";

export type CellValue = number | string | Date | null | undefined;

export type Column<Row> = {
  key: string;
  label: string;
  /** The cell's value: what sorting compares and, with `unit`, what is formatted. */
  value: (row: Row) => CellValue;
  unit?: Unit;
  /** Custom cell content (sorting still uses `value`). */
  render?: (row: Row) => ReactNode;
  /** Makes the cell a link (e.g. to a drill-down page). */
  href?: (row: Row) => string | null | undefined;
  /** Numbers align to the end by default, text to the start. */
  align?: "start" | "end";
  sortable?: boolean;
};

export type SortState = { key: string; direction: "asc" | "desc" };

export type DataTableProps<Row> = {
  caption: string;
  /** Keep the caption for screen readers only (when a visible heading already names the table). */
  hideCaption?: boolean;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string;
  defaultSort?: SortState;
  /** Shown in place of rows when there are none. */
  emptyMessage?: string;
  /** Scroll inside the table past this height (long chart tables); the header stays visible. */
  maxHeight?: number;
};

function display<Row>(col: Column<Row>, row: Row): ReactNode {
  if (col.render) return col.render(row);
  const v = col.value(row);
  if (col.unit) return formatValue(toNumber(v instanceof Date ? v.getTime() : v), col.unit);
  if (v instanceof Date) return formatTimestamp(v);
  if (typeof v === "number") return formatCount(v);
  return v === null || v === undefined || v === "" ? NONE : v;
}

function sortKey(v: CellValue): number | string | null {
  if (v === null || v === undefined || v === "") return null;
  if (v instanceof Date) return v.getTime();
  return typeof v === "string" && toNumber(v) !== null ? toNumber(v) : v;
}

function compare(x: number | string, y: number | string): number {
  if (typeof x === "number" && typeof y === "number") return x - y;
  return String(x).localeCompare(String(y), "en", { numeric: true });
}

export function DataTable<Row>({ caption, hideCaption, columns, rows, rowKey, defaultSort, emptyMessage, maxHeight }: DataTableProps<Row>) {
  const [sort, setSort] = useState<SortState | undefined>(defaultSort);
  const sorted = useMemo(() => {
    const col = sort && columns.find((c) => c.key === sort.key);
    if (!sort || !col) return rows;
    const sign = sort.direction === "asc" ? 1 : -1;
    // Missing values sort last in both directions: they are not "smallest".
    return [...rows].sort((a, b) => {
      const va = sortKey(col.value(a));
      const vb = sortKey(col.value(b));
      if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
      return sign * compare(va, vb);
    });
  }, [rows, columns, sort]);

  const toggle = (key: string) =>
    setSort((s) => (s?.key === key ? { key, direction: s.direction === "asc" ? "desc" : "asc" } : { key, direction: "asc" }));
  const alignOf = (c: Column<Row>) => c.align ?? (c.unit ? "end" : "start");

  return (
    <div
      className="table-wrap"
      style={maxHeight ? { maxHeight } : undefined}
      {...(maxHeight ? { tabIndex: 0, role: "region", "aria-label": caption } : {})}
    >
      <table className="data-table">
        <caption className={hideCaption ? "sr-only" : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const dir = sort?.key === c.key ? sort.direction : undefined;
              return (
                <th
                  key={c.key}
                  scope="col"
                  className={`align-${alignOf(c)}`}
                  aria-sort={dir ? (dir === "asc" ? "ascending" : "descending") : undefined}
                >
                  {c.sortable === false ? (
                    c.label
                  ) : (
                    <button type="button" className="sort" onClick={() => toggle(c.key)}>
                      {c.label}
                      <span aria-hidden="true" className="sort-mark">
                        {dir === "asc" ? "▲" : dir === "desc" ? "▼" : "↕"}
                      </span>
                    </button>
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="muted">
                {emptyMessage ?? "No rows"}
              </td>
            </tr>
          ) : (
            sorted.map((row, i) => (
              <tr key={rowKey(row, i)}>
                {columns.map((c) => {
                  const href = c.href?.(row);
                  const content = display(c, row);
                  return (
                    <td key={c.key} className={`align-${alignOf(c)}`}>
                      {href ? <Link href={href}>{content}</Link> : content}
                    </td>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

"use client";
// The panel every dashboard widget sits in: a titled region with the loading, error, empty and
// "not available yet" states handled once, and a Chart / Table toggle (real buttons with
// aria-pressed) so every chart's numbers can be read as a table. Given a useReadApi result, it
// renders `children(data)` only when there is data to show.
import { type ReactNode, useId, useState } from "react";
import { formatClock } from "../../../lib/format/time";
import { type ChartView, ChartViewContext } from "./chart-view";
import { EmptyState } from "./empty-state";
import type { ReadApiState } from "./use-read-api";

type Base = {
  title: string;
  description?: ReactNode;
  /** Controls beside the title, e.g. a CSV export link. */
  actions?: ReactNode;
  /**
   * Offer the Chart / Table toggle (default true). Only TimeSeriesChart and BarChart answer it: set
   * false for cards holding a DataTable, stats or anything else.
   */
  toggle?: boolean;
  /** Shown instead of content, e.g. "Not available yet: needs the alerts feature". */
  unavailable?: string;
  /** Spans the whole dashboard grid row. */
  wide?: boolean;
  /** Height of the loading placeholder, to keep the layout still (default 260). */
  placeholderHeight?: number;
};

export type ChartCardProps<T> =
  | (Base & {
      query: ReadApiState<T>;
      /** True when the answer has nothing to draw; then `emptyMessage` is shown. */
      isEmpty?: (data: T) => boolean;
      /** A sentence saying why there is nothing ("No relay sessions in this range"), or a whole state. */
      emptyMessage?: string | ((data: T) => ReactNode);
      children: (data: T) => ReactNode;
    })
  | (Base & { query?: undefined; children?: ReactNode });

export function ChartCard<T>(props: ChartCardProps<T>) {
  const { title, description, actions, toggle = true, unavailable, wide, placeholderHeight = 260 } = props;
  const headingId = useId();
  const [view, setView] = useState<ChartView>("chart");
  const q = props.query;
  let body: ReactNode;
  let hasContent = false;
  if (unavailable) body = <EmptyState tone="unavailable" message={unavailable} />;
  else if (q === undefined) {
    body = props.children;
    hasContent = true;
  } else if (q.data === undefined && q.error) {
    const retry = (
      <button type="button" className="secondary" onClick={q.reload}>
        Retry
      </button>
    );
    body = <EmptyState tone="error" title="Could not load" message={q.error.message} action={retry} />;
  } else if (q.data === undefined) {
    body = (
      <div className="skeleton" style={{ height: placeholderHeight }}>
        <span className="sr-only">Loading…</span>
      </div>
    );
  } else if (props.isEmpty?.(q.data)) {
    const empty = props.emptyMessage ?? "No data in this range";
    body = typeof empty === "string" ? <EmptyState message={empty} /> : empty(q.data);
  } else {
    body = props.children(q.data);
    hasContent = true;
  }
  const stale = q?.error && q.data !== undefined && !unavailable;

  return (
    <section className={`card${wide ? " wide" : ""}`} aria-labelledby={headingId} aria-busy={q?.loading || undefined}>
      <header className="card-head">
        <div>
          <h2 id={headingId}>{title}</h2>
          {description ? <p className="card-desc">{description}</p> : null}
        </div>
        <div className="card-actions">
          {actions}
          {toggle && hasContent ? (
            <fieldset className="segmented">
              <legend className="sr-only">{`${title}: view as`}</legend>
              {(["chart", "table"] as const).map((v) => (
                <button key={v} type="button" aria-pressed={view === v} onClick={() => setView(v)}>
                  {v === "chart" ? "Chart" : "Table"}
                </button>
              ))}
            </fieldset>
          ) : null}
        </div>
      </header>
      {stale ? (
        <p className="card-warning" role="status">
          Could not refresh: {q.error?.message}. Showing data from {formatClock(q.updatedAt)}.
        </p>
      ) : null}
      <ChartViewContext.Provider value={view}>{body}</ChartViewContext.Provider>
    </section>
  );
}

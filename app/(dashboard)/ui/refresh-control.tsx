"use client";
// Auto-refresh choice (in the URL, so a wall-screen URL keeps refreshing), a "Refresh now" button,
// and when the page's data was last fetched. A dashboard that does not say how old it is invites
// decisions on stale numbers.
import { useEffect } from "react";
import { formatClock } from "../../../lib/format/time";
import { REFRESH_OPTIONS, type RefreshInterval } from "./dashboard-query";
import { refreshAll, resetUpdated, useLastUpdated } from "./refresh-store";
import type { DashboardParams } from "./use-dashboard-params";

const LABEL: Record<RefreshInterval, string> = { off: "Off", "30s": "30 s", "1m": "1 min", "5m": "5 min" };

export function RefreshControl({ params }: { params: DashboardParams }) {
  const lastUpdated = useLastUpdated();
  useEffect(() => resetUpdated(), []);
  return (
    <div className="refresh-control">
      <label>
        Auto-refresh{" "}
        <select value={params.state.refresh} onChange={(e) => params.setRefresh(e.target.value as RefreshInterval)}>
          {REFRESH_OPTIONS.map((r) => (
            <option key={r} value={r}>
              {LABEL[r]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="secondary" onClick={refreshAll}>
        Refresh now
      </button>
      <span className="updated muted">
        {lastUpdated === null ? (
          "Not loaded yet"
        ) : (
          <>
            Updated <time dateTime={new Date(lastUpdated).toISOString()}>{formatClock(lastUpdated)}</time>
          </>
        )}
      </span>
    </div>
  );
}

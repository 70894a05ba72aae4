"use client";
// What the drill-down lists (sessions, calls) share when a page is empty or paged: the wider preset
// to offer when nothing is in range, and the total that only the first page counts.
import { type ReactNode, useEffect, useState } from "react";
import type { RangePreset } from "../../../lib/queries/dashboard-filters";
import { useDashboardParams } from "../ui/use-dashboard-params";
import type { PageInfo } from "./pager";

const WIDER: Partial<Record<RangePreset, RangePreset>> = { "1h": "24h", "6h": "24h", "24h": "7d", "7d": "30d", "30d": "90d" };
const WIDER_LABEL: Record<RangePreset, string> = {
  "1h": "hour",
  "6h": "6 hours",
  "24h": "24 hours",
  "7d": "7 days",
  "30d": "30 days",
  "90d": "90 days",
};

/** "Show the last 7 days" after an empty 24 hours; none for a custom range or the widest preset. */
export function useWiderRangeAction(): ReactNode | undefined {
  const dash = useDashboardParams();
  const wider = dash.preset ? WIDER[dash.preset] : undefined;
  if (!wider) return undefined;
  return (
    <button type="button" className="secondary" onClick={() => dash.setPreset(wider)}>
      Show the last {WIDER_LABEL[wider]}
    </button>
  );
}

/** The total is counted on the first page only; later pages keep showing it. */
export function useFirstPageTotal(total: PageInfo["total"] | undefined): PageInfo["total"] {
  const [kept, setKept] = useState<PageInfo["total"]>(null);
  useEffect(() => {
    if (total) setKept(total);
  }, [total]);
  return kept;
}

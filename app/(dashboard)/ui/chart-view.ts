"use client";
// Which face a chart shows inside its ChartCard: the chart, or the table with the same numbers.
// A context rather than a prop so a page writes a chart once and the card's toggle flips it.
import { createContext, useContext } from "react";

export type ChartView = "chart" | "table";
export const ChartViewContext = createContext<ChartView>("chart");

export function useChartView(): ChartView {
  return useContext(ChartViewContext);
}

// A chart's series: which row field, what to call it, its unit (the formatter of every place the
// value appears: axis, tooltip, table view). Colours come from CSS variables (globals.css) so the
// light and dark themes each get a palette with enough contrast.
import type { Unit } from "../../../lib/format/units";

export type SeriesDef<K extends string = string> = {
  key: K;
  label: string;
  unit: Unit;
  /** A CSS colour; defaults to the palette's next --series-N. */
  color?: string;
};

export const PALETTE_SIZE = 8;

export function seriesColor(s: SeriesDef, index: number): string {
  return s.color ?? `var(--series-${(index % PALETTE_SIZE) + 1})`;
}

/** Axis tick text, in the theme's muted colour. */
export const TICK_STYLE = { fill: "var(--muted)", fontSize: 12 } as const;

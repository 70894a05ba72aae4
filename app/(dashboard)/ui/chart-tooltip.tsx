"use client";
// The tooltip of every chart: the x value (a UTC time or a category) and each series' value in its
// own unit, formatted exactly as the table view formats it. Recharts' default tooltip would print
// raw numbers and ignore the theme.
import type { TooltipPayloadEntry } from "recharts";
import { formatValue, toNumber } from "../../../lib/format/units";
import type { SeriesDef } from "./series";

type Props = {
  active?: boolean;
  payload?: readonly TooltipPayloadEntry[];
  label?: string | number;
  series: readonly SeriesDef[];
  formatLabel: (label: string | number | undefined) => string;
  /** Adds a total line (stacked series of one unit). */
  total?: boolean;
};

export function ChartTooltip({ active, payload, label, series, formatLabel, total }: Props) {
  if (!active || !payload || payload.length === 0) return null;
  const rows = payload.flatMap((entry) => {
    const s = series.find((x) => x.key === entry.dataKey);
    return s ? [{ s, color: entry.color, value: toNumber(entry.value) }] : [];
  });
  const unit = rows[0]?.s.unit;
  const sum = rows.reduce((acc, r) => acc + (r.value ?? 0), 0);
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-label">{formatLabel(label)}</div>
      <table>
        <tbody>
          {rows.map(({ s, color, value }) => (
            <tr key={s.key}>
              <th scope="row">
                <span className="swatch" style={{ background: color }} aria-hidden="true" />
                {s.label}
              </th>
              <td>{formatValue(value, s.unit)}</td>
            </tr>
          ))}
          {total && unit && rows.length > 1 && rows.every((r) => r.s.unit === unit) ? (
            <tr className="total">
              <th scope="row">Total</th>
              <td>{formatValue(sum, unit)}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

"use client";
// The time range: preset buttons (1h … 90d, ending now) and a custom from/to in UTC. The custom
// form validates before it writes the URL with the same limits the API enforces, so a person sees
// "To must be after From" here rather than a 400 in every panel.
import { type FormEvent, useState } from "react";
import { formatRange, fromUtcInputValue, toUtcInputValue } from "../../../lib/format/time";
import { MAX_RANGE_DAYS, RANGE_PRESETS } from "../../../lib/queries/dashboard-filters";
import { customRange, PRESETS } from "./dashboard-query";
import type { DashboardParams } from "./use-dashboard-params";

const LONG: Record<string, string> = {
  "1h": "Last hour",
  "6h": "Last 6 hours",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
};

export function RangePicker({ params }: { params: DashboardParams }) {
  const { state, preset, setPreset, setCustomRange } = params;
  const custom = customRange(state);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function open() {
    setError(null);
    setEditing((e) => !e);
  }
  function apply(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const from = fromUtcInputValue(String(data.get("from") ?? ""));
    const to = fromUtcInputValue(String(data.get("to") ?? ""));
    if (!from || !to) return setError("Enter both times");
    if (to <= from) return setError("To must be after From");
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) return setError(`A range may span at most ${MAX_RANGE_DAYS} days`);
    setError(null);
    setEditing(false);
    setCustomRange(from, to);
  }

  // The form starts from the range on screen: the custom one, or the preset's window ending now.
  const end = custom?.to ?? new Date();
  const start = custom?.from ?? new Date(end.getTime() - RANGE_PRESETS[preset ?? "24h"]);
  return (
    <div className="range-picker">
      <fieldset className="segmented">
        <legend className="sr-only">Time range</legend>
        {PRESETS.map((p) => (
          <button key={p} type="button" title={LONG[p]} aria-pressed={preset === p} onClick={() => setPreset(p)}>
            {p}
          </button>
        ))}
        <button type="button" aria-pressed={custom !== null} aria-expanded={editing} onClick={open}>
          Custom
        </button>
      </fieldset>
      {custom && !editing ? <span className="range-label">{formatRange(custom.from, custom.to)}</span> : null}
      {editing ? (
        <form className="custom-range" onSubmit={apply} noValidate>
          <label>
            From (UTC)
            <input type="datetime-local" name="from" defaultValue={toUtcInputValue(start)} required />
          </label>
          <label>
            To (UTC)
            <input type="datetime-local" name="to" defaultValue={toUtcInputValue(end)} required />
          </label>
          <button type="submit">Apply</button>
          <button type="button" className="secondary" onClick={() => setEditing(false)}>
            Cancel
          </button>
          {error ? (
            <p className="error" role="alert">
              {error}
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}

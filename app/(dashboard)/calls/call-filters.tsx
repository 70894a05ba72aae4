"use client";
// The calls list's own controls: path kinds and relayed-or-not filter the calls; sort and page size
// order them. Each applies at once (a handful of checkboxes and selects, nothing typed).
import { PATH_KINDS, type PathKind } from "../../../lib/queries/calls/list-options";
import { CALL_SORTS, type CallSortName, PAGE_SIZES, useCallParams } from "./use-call-params";

const SORT_LABELS: Record<CallSortName, string> = {
  "-started": "Newest first",
  started: "Oldest first",
  "-participants": "Most participants",
  participants: "Fewest participants",
  "-connections": "Most connections",
  connections: "Fewest connections",
  "-rtt": "Worst RTT first",
  rtt: "Best RTT first",
  "-loss": "Worst loss first",
  loss: "Least loss first",
  "-bytes": "Most bytes",
  bytes: "Fewest bytes",
};

export const PATH_LABELS: Record<PathKind, string> = {
  direct: "Direct",
  "turn-udp": "TURN UDP",
  "turn-tcp": "TURN TCP",
  "turn-tls": "TURN TLS",
  "turn-unknown": "Remote relay",
};

export function CallFilters() {
  const [s, set] = useCallParams();
  const toggle = (k: PathKind, on: boolean) => {
    const kinds = on ? [...s.pathKind, k] : s.pathKind.filter((x) => x !== k);
    void set({ pathKind: kinds.length > 0 ? kinds : null, cursor: null });
  };
  return (
    <div className="explorer-controls">
      <fieldset className="explorer-filters">
        <legend className="sr-only">Call filters</legend>
        <fieldset className="checks">
          <legend>Path (any connection)</legend>
          {PATH_KINDS.map((k) => (
            <label key={k}>
              <input type="checkbox" checked={s.pathKind.includes(k)} onChange={(e) => toggle(k, e.target.checked)} /> {PATH_LABELS[k]}
            </label>
          ))}
        </fieldset>
        <label>
          Relayed
          <select
            value={s.relayed ?? ""}
            onChange={(e) =>
              void set({ relayed: e.target.value === "true" || e.target.value === "false" ? e.target.value : null, cursor: null })
            }
          >
            <option value="">Any</option>
            <option value="true">Relayed calls only</option>
            <option value="false">Calls without relay</option>
          </select>
        </label>
      </fieldset>
      <div className="explorer-order">
        <label>
          Sort by
          <select value={s.sort} onChange={(e) => void set({ sort: e.target.value as CallSortName, cursor: null })}>
            {CALL_SORTS.map((k) => (
              <option key={k} value={k}>
                {SORT_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Rows per page
          <select
            value={s.limit}
            onChange={(e) => void set({ limit: Number(e.target.value) as (typeof PAGE_SIZES)[number], cursor: null })}
          >
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}

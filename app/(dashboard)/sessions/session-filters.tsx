"use client";
// The explorer's own filters as one form (applied together, so typing does not fetch on every
// key), plus sort and page size, which apply at once. Bytes are entered in MB (decimal, as billed)
// and written to the URL in bytes, the API's unit.
import { type FormEvent, useState } from "react";
import { CLIENT_TRANSPORTS } from "../../../lib/queries/sessions/list-options";
import { PAGE_SIZES, SESSION_SORTS, type SessionSortName, useSessionParams } from "./use-session-params";

const SORT_LABELS: Record<SessionSortName, string> = {
  "-started": "Newest first",
  started: "Oldest first",
  "-bytes": "Most bytes",
  bytes: "Fewest bytes",
  "-duration": "Longest",
  duration: "Shortest",
  "-ended": "Ended last (open first)",
  ended: "Ended first",
  user: "User A–Z",
  "-user": "User Z–A",
};

const MB = 1_000_000;
const toMb = (bytes: string | null) => (bytes === null ? "" : String(Number(bytes) / MB));

/** "" → null; a non-negative number → its text (times `scale`, whole); anything else → undefined (invalid). */
function amount(raw: FormDataEntryValue | null, scale = 1): string | null | undefined {
  const text = String(raw ?? "").trim();
  if (text === "") return null;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) return undefined;
  return String(scale === 1 ? n : Math.round(n * scale));
}

export function SessionFilters() {
  const [s, set] = useSessionParams();
  const [error, setError] = useState<string | null>(null);

  function apply(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const minBytes = amount(f.get("minMb"), MB);
    const maxBytes = amount(f.get("maxMb"), MB);
    const minDuration = amount(f.get("minDuration"));
    const maxDuration = amount(f.get("maxDuration"));
    if (minBytes === undefined || maxBytes === undefined) return setError("Bytes must be numbers of MB, 0 or more");
    if (minDuration === undefined || maxDuration === undefined) return setError("Durations must be numbers of seconds, 0 or more");
    if (minBytes !== null && maxBytes !== null && Number(minBytes) > Number(maxBytes)) return setError("Max MB must not be below Min MB");
    if (minDuration !== null && maxDuration !== null && Number(minDuration) > Number(maxDuration))
      return setError("Max duration must not be below Min duration");
    const user = String(f.get("user") ?? "").trim();
    const closeReason = String(f.get("closeReason") ?? "").trim();
    const open = String(f.get("open") ?? "");
    const transport = CLIENT_TRANSPORTS.filter((t) => f.get(`transport-${t}`) === "on");
    setError(null);
    void set({
      user: user || null,
      transport: transport.length > 0 ? transport : null,
      closeReason: closeReason || null,
      minBytes,
      maxBytes,
      minDuration,
      maxDuration,
      open: open === "true" || open === "false" ? open : null,
      cursor: null,
    });
  }

  function reset() {
    setError(null);
    void set({
      user: null,
      transport: null,
      closeReason: null,
      minBytes: null,
      maxBytes: null,
      minDuration: null,
      maxDuration: null,
      open: null,
      cursor: null,
    });
  }

  // Re-initialised whenever the URL's values change (Back, Reset, a shared link).
  const formKey = JSON.stringify([s.user, s.transport, s.closeReason, s.minBytes, s.maxBytes, s.minDuration, s.maxDuration, s.open]);
  return (
    <div className="explorer-controls">
      <form key={formKey} className="explorer-filters" aria-label="Session filters" onSubmit={apply}>
        <label>
          User
          <input name="user" defaultValue={s.user ?? ""} placeholder="alice, or ali* for a prefix" maxLength={255} />
        </label>
        <fieldset className="checks">
          <legend>Transport</legend>
          {CLIENT_TRANSPORTS.map((t) => (
            <label key={t}>
              <input type="checkbox" name={`transport-${t}`} defaultChecked={s.transport.includes(t)} /> {t.toUpperCase()}
            </label>
          ))}
        </fieldset>
        <label>
          Close reason
          <input name="closeReason" defaultValue={s.closeReason ?? ""} placeholder="allocation timeout" maxLength={200} />
        </label>
        <label>
          Min MB
          <input name="minMb" inputMode="decimal" defaultValue={toMb(s.minBytes)} size={8} />
        </label>
        <label>
          Max MB
          <input name="maxMb" inputMode="decimal" defaultValue={toMb(s.maxBytes)} size={8} />
        </label>
        <label>
          Min duration (s)
          <input name="minDuration" inputMode="decimal" defaultValue={s.minDuration ?? ""} size={8} />
        </label>
        <label>
          Max duration (s)
          <input name="maxDuration" inputMode="decimal" defaultValue={s.maxDuration ?? ""} size={8} />
        </label>
        <label>
          State
          <select name="open" defaultValue={s.open ?? ""}>
            <option value="">Any</option>
            <option value="true">Open</option>
            <option value="false">Ended</option>
          </select>
        </label>
        <div className="form-actions">
          <button type="submit">Apply filters</button>
          <button type="button" className="secondary" onClick={reset}>
            Reset
          </button>
        </div>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
      <div className="explorer-order">
        <label>
          Sort by
          <select value={s.sort} onChange={(e) => void set({ sort: e.target.value as SessionSortName, cursor: null })}>
            {SESSION_SORTS.map((k) => (
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

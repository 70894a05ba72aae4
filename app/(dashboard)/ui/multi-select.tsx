"use client";
// A compact multi-choice filter: a button that names the choice ("Server: all", "Server: 3
// selected") and opens a list of checkboxes. Native checkboxes in a labelled group keep it usable by
// keyboard and screen readers without an ARIA listbox; Escape or a click outside closes it.
import { useEffect, useId, useRef, useState } from "react";

export type Option = { value: string; label: string };

type Props = {
  label: string;
  options: readonly Option[];
  selected: readonly string[];
  onChange: (values: string[]) => void;
  disabled?: boolean;
  /** The options are still being fetched. */
  loading?: boolean;
  /** Why the filter matters or where it applies, shown inside the popover. */
  hint?: string;
};

const SEARCH_FROM = 8;

export function MultiSelect({ label, options, selected, onChange, disabled, loading, hint }: Props) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  // Selected values missing from the options (stale URL, no longer visible) stay removable.
  const known = new Set(options.map((o) => o.value));
  const all = [...options, ...selected.filter((v) => !known.has(v)).map((v) => ({ value: v, label: v }))];
  const needle = search.trim().toLowerCase();
  const shown = needle ? all.filter((o) => o.label.toLowerCase().includes(needle) || o.value.toLowerCase().includes(needle)) : all;
  const summary =
    selected.length === 0
      ? "all"
      : selected.length === 1
        ? (all.find((o) => o.value === selected[0])?.label ?? selected[0])
        : `${selected.length} selected`;
  const toggle = (v: string) => onChange(selected.includes(v) ? selected.filter((x) => x !== v) : [...selected, v]);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere inside closes the popover
    <div
      className="multi-select"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className={`filter-button${selected.length > 0 ? " active" : ""}`}
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        disabled={disabled}
        onClick={() => setOpen((o) => !o)}
      >
        {label}:{" "}
        <span className="filter-value">
          {loading && selected.length === 0 ? "loading…" : disabled && all.length === 0 ? "none" : summary}
        </span>
        <span aria-hidden="true"> ▾</span>
      </button>
      {open ? (
        <div className="popover" id={id}>
          <fieldset>
            <legend className="sr-only">{label}</legend>
            {hint ? <p className="popover-hint">{hint}</p> : null}
            {all.length >= SEARCH_FROM ? (
              <input
                type="search"
                aria-label={`Find ${label.toLowerCase()}`}
                placeholder="Find…"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
              />
            ) : null}
            <ul className="option-list">
              {shown.map((o) => (
                <li key={o.value}>
                  <label>
                    <input type="checkbox" checked={selected.includes(o.value)} onChange={() => toggle(o.value)} />
                    {o.label}
                  </label>
                </li>
              ))}
              {shown.length === 0 ? <li className="muted">No match</li> : null}
            </ul>
          </fieldset>
          {selected.length > 0 ? (
            <button type="button" className="link" onClick={() => onChange([])}>
              Clear {label.toLowerCase()}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

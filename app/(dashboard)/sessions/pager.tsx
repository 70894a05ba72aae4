"use client";
// Keyset paging for the drill-down lists (sessions, calls): Next follows the answer's cursor; the
// cursors already followed are kept in memory so Previous and First page can go back. The cursor
// in the URL makes a page shareable; a shared link opens on its page with only First page behind it.
import { useCallback, useEffect, useRef, useState } from "react";
import { formatCount } from "../../../lib/format/numbers";

export type PageInfo = { rows: number; hasMore: boolean; nextCursor: string | null; total: { count: number; capped: boolean } | null };

export type Paging = {
  /** Cursors followed to reach this page (its length is the page index). */
  trail: readonly string[];
  next(cursor: string): void;
  previous(): void;
  first(): void;
};

/**
 * `cursor`/`setCursor`: the URL's cursor. `resetKey`: everything else the list depends on (filters,
 * sort, page size); when it changes the list starts again on its first page.
 */
export function usePaging(cursor: string | null, setCursor: (c: string | null) => void, resetKey: string): Paging {
  const [trail, setTrail] = useState<string[]>(cursor ? [cursor] : []);
  const key = useRef(resetKey);
  useEffect(() => {
    if (key.current === resetKey) return;
    key.current = resetKey;
    setTrail([]);
    setCursor(null);
  }, [resetKey, setCursor]);
  const next = useCallback(
    (c: string) => {
      setTrail((t) => [...t, c]);
      setCursor(c);
    },
    [setCursor],
  );
  const previous = useCallback(() => {
    const back = trail.slice(0, -1);
    setTrail(back);
    setCursor(back.at(-1) ?? null);
  }, [trail, setCursor]);
  const first = useCallback(() => {
    setTrail([]);
    setCursor(null);
  }, [setCursor]);
  return { trail, next, previous, first };
}

/** "Showing 51–100 of 10,000+ sessions" and the page buttons. */
export function Pager({
  paging,
  page,
  limit,
  noun,
  total,
}: {
  paging: Paging;
  page: PageInfo;
  limit: number;
  noun: string;
  total: PageInfo["total"];
}) {
  const start = paging.trail.length * limit + 1;
  const end = start + page.rows - 1;
  const of = total ? ` of ${formatCount(total.count)}${total.capped ? "+" : ""}` : "";
  return (
    <nav className="pager" aria-label={`${noun} pages`}>
      <span className="pager-status" role="status">
        {page.rows === 0 ? `No ${noun}` : `Showing ${formatCount(start)}–${formatCount(end)}${of} ${noun}`}
      </span>
      <button type="button" className="secondary" onClick={paging.first} disabled={paging.trail.length === 0}>
        First page
      </button>
      <button type="button" className="secondary" onClick={paging.previous} disabled={paging.trail.length === 0}>
        Previous page
      </button>
      <button
        type="button"
        className="secondary"
        onClick={() => page.nextCursor && paging.next(page.nextCursor)}
        disabled={!page.hasMore || !page.nextCursor}
      >
        Next page
      </button>
    </nav>
  );
}

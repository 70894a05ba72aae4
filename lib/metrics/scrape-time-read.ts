// A database read for gauges computed when /metrics is scraped: one read per scrape (the gauges
// that show it share it for a second), and an unreachable database gives empty gauges and a warning
// instead of a failed scrape.
import { log } from "../log";

export function scrapeTimeRead<T>(read: () => Promise<T[]>, what: string): () => Promise<T[]> {
  let pending: { at: number; rows: Promise<T[]> } | undefined;
  return () => {
    const now = Date.now();
    if (!pending || now - pending.at > 1_000) {
      pending = {
        at: now,
        rows: read().catch((err: Error) => {
          log().warn({ err: err.message }, `${what} gauges unavailable: database not reachable`);
          return [];
        }),
      };
    }
    return pending.rows;
  };
}

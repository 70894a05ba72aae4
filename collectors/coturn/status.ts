// The collector's status as people read it: one compact line (periodic and at exit), and a progress
// bar for backfills on a terminal. Pure formatting; the CLI decides when and where to print.
import type { CollectorStatus } from "./index";

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "?";
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

/** Lines and bytes per second between two samples of the status. */
export class RateMeter {
  private last: { at: number; lines: number; bytes: number } | null = null;
  lines = 0;
  bytes = 0;

  sample(s: CollectorStatus, now = Date.now()): void {
    if (this.last && now > this.last.at) {
      const dt = (now - this.last.at) / 1000;
      this.lines = (s.stats.lines - this.last.lines) / dt;
      this.bytes = (s.bytesRead - this.last.bytes) / dt;
    } else if (!this.last) {
      const dt = Math.max(0.001, (now - s.startedAt) / 1000);
      this.lines = s.stats.lines / dt;
      this.bytes = s.bytesRead / dt;
    }
    this.last = { at: now, lines: s.stats.lines, bytes: s.bytesRead };
  }
}

export function formatDelivery(s: CollectorStatus, now = Date.now()): string {
  const d = s.delivery;
  switch (d.kind) {
    case "idle":
      return "idle";
    case "ok":
      return "ok";
    case "retrying":
      return `retrying attempt ${d.attempt}, next try in ${Math.max(0, (d.nextTryAt - now) / 1000).toFixed(1)} s, last error: ${d.lastError}`;
    case "failed":
      return `failed: ${d.error.message}`;
  }
}

export function formatStatus(s: CollectorStatus, rate: RateMeter, now = Date.now()): string {
  const skipped = Object.entries(s.stats.skipped)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([reason, n]) => `${reason} ${int(n ?? 0)}`);
  const q = s.delivered.quarantined > 0 ? ` (${int(s.delivered.quarantined)} quarantined)` : "";
  const buffer = `${s.buffer.batches}/${s.buffer.maxBatches} batches ${mib(s.buffer.bytes)}${s.buffer.paused ? " FULL, reading paused" : ""}`;
  return [
    `${int(s.stats.lines)} lines (${int(rate.lines)}/s)`,
    `${int(s.delivered.accepted)} events delivered${q}`,
    `skipped: ${skipped.length ? skipped.join(", ") : "none"}`,
    `buffer ${buffer}`,
    `delivery ${formatDelivery(s, now)}`,
  ].join(" · ");
}

/** `[######------] 45% 12.3/27.1 MiB · 54,321 lines/s · ETA 0:12`, fitted to `width` columns. */
export function formatProgress(s: CollectorStatus, rate: RateMeter, width: number): string {
  const total = s.bytesRead + s.bytesPending;
  const done = total > 0 ? s.bytesRead / total : 1;
  const eta = rate.bytes > 0 ? formatDuration((s.bytesPending / rate.bytes) * 1000) : "?";
  const tail = ` ${String(Math.floor(done * 100)).padStart(3)}% ${(s.bytesRead / 1048576).toFixed(1)}/${mib(total)} · ${int(rate.lines)} lines/s · ETA ${eta}`;
  const barWidth = Math.max(10, Math.min(40, width - tail.length - 3));
  const filled = Math.round(done * barWidth);
  return `[${"#".repeat(filled)}${"-".repeat(barWidth - filled)}]${tail}`.slice(0, Math.max(20, width - 1));
}

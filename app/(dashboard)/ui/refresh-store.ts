"use client";
// Page-wide refresh state shared by every widget's data hook and the filter bar, without a provider:
// a "refresh now" counter all hooks re-fetch on, and the time of the latest successful answer, which
// the bar shows as "Updated hh:mm:ss UTC". Module state is per browser tab, which is the scope wanted.
import { useSyncExternalStore } from "react";

let tick = 0;
let lastUpdated: number | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
function emit(): void {
  for (const l of listeners) l();
}

/** Every mounted useReadApi fetches again. */
export function refreshAll(): void {
  tick++;
  emit();
}

/** Called by useReadApi after a successful answer. */
export function reportUpdated(at: number): void {
  lastUpdated = at;
  emit();
}

/** A page that mounts starts with no "updated" time of its own (the previous page's is not its). */
export function resetUpdated(): void {
  lastUpdated = null;
  emit();
}

export function useRefreshTick(): number {
  return useSyncExternalStore(
    subscribe,
    () => tick,
    () => 0,
  );
}

/** Epoch ms of the newest answer on the page, or null before the first. */
export function useLastUpdated(): number | null {
  return useSyncExternalStore(
    subscribe,
    () => lastUpdated,
    () => null,
  );
}

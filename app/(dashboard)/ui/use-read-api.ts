"use client";
// The one data hook every dashboard widget uses: GET /api/v1/<path>?<dashboard query> with the
// session cookie, again when the URL state changes, on the auto-refresh interval, when the tab
// comes back into view and on "Refresh now". Plain fetch + AbortController: a superseded request is
// cancelled, so a slow old answer never overwrites a newer one. Data from the previous answer stays
// visible while the next loads (charts do not blank on every refresh), unless the path changed.
import { useEffect, useState } from "react";
import { dashboardQuery, type ExtraParams, REFRESH_MS } from "./dashboard-query";
import { reportUpdated, useRefreshTick } from "./refresh-store";
import { useDashboardParams } from "./use-dashboard-params";

/** An API refusal as `{error: {code, message}}` says it; status 0 when the app was not reached. */
export type ApiError = { status: number; code: string; message: string };

export type ReadApiState<T> = {
  data: T | undefined;
  error: ApiError | null;
  /** A request is in flight (also while stale data is shown). */
  loading: boolean;
  updatedAt: Date | null;
  reload(): void;
};

class ReadApiError extends Error {
  constructor(readonly detail: ApiError) {
    super(detail.message);
  }
}

async function getJson(url: string, signal: AbortSignal): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: "same-origin", cache: "no-store", headers: { accept: "application/json" }, signal });
  } catch (err) {
    if (signal.aborted) throw err;
    throw new ReadApiError({ status: 0, code: "network", message: "relayscope could not be reached; check the connection" });
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) return body;
  const e = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof e?.code === "string" ? e.code : `http_${res.status}`;
  let message = typeof e?.message === "string" ? e.message : `the server answered ${res.status} ${res.statusText}`.trim();
  if (res.status === 401) message = "Your session has ended: sign in again";
  throw new ReadApiError({ status: res.status, code, message });
}

// `url` is the request the data answered: a failed re-fetch of the same URL keeps it (shown as stale),
// a failure for other parameters does not (old figures under new filters would mislead).
type Snapshot = { path: string | null; url?: string; data?: unknown; error: ApiError | null; loading: boolean; updatedAt: number | null };

/**
 * `path` is relative to /api/v1 ("relay-share", `sessions/${encodeURIComponent(id)}`); null skips
 * fetching. `T` is the response type exported by the endpoint's query file.
 */
export function useReadApi<T>(path: string | null, extraParams?: ExtraParams): ReadApiState<T> {
  const { state } = useDashboardParams();
  const query = dashboardQuery(state, extraParams);
  const intervalMs = REFRESH_MS[state.refresh];
  const tick = useRefreshTick();
  const [generation, setGeneration] = useState(0);
  const [snap, setSnap] = useState<Snapshot>({ path: null, error: null, loading: path !== null, updatedAt: null });
  const url = path === null ? null : `/api/v1/${path.replace(/^\/+/, "")}?${query}`;

  // `generation` and `tick` are deliberately dependencies: changing either means "fetch again".
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    setSnap((s) => ({ ...s, loading: true }));
    getJson(url, controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        const now = Date.now();
        setSnap({ path, url, data, error: null, loading: false, updatedAt: now });
        reportUpdated(now);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const error = err instanceof ReadApiError ? err.detail : { status: 0, code: "client", message: String(err) };
        setSnap((s) => (s.url === url ? { ...s, error, loading: false } : { path, error, loading: false, updatedAt: null }));
      },
    );
    return () => controller.abort();
  }, [url, path, generation, tick]);

  useEffect(() => {
    if (intervalMs === null || url === null) return;
    const again = () => {
      if (document.visibilityState === "visible") setGeneration((g) => g + 1);
    };
    // A background tab does not poll; it catches up as soon as it is looked at again.
    const id = window.setInterval(again, intervalMs);
    document.addEventListener("visibilitychange", again);
    return () => {
      window.clearInterval(id);
      document.removeEventListener("visibilitychange", again);
    };
  }, [intervalMs, url]);

  const samePath = snap.path === path;
  return {
    data: samePath ? (snap.data as T | undefined) : undefined,
    error: samePath ? snap.error : null,
    loading: url !== null && (snap.loading || !samePath),
    updatedAt: samePath && snap.updatedAt !== null ? new Date(snap.updatedAt) : null,
    reload: () => setGeneration((g) => g + 1),
  };
}

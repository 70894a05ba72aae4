"use client";
// The settings pages talk to /api/admin and /api/account like any other client would; this is the
// one place that turns their { error: { code, message } } into a sentence for the page.
import { useCallback, useEffect, useState } from "react";

export type ApiResult<T> = { ok: true; data: T } | { ok: false; message: string };

export async function callApi<T>(path: string, method = "GET", body?: unknown): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch {
    return { ok: false, message: "The server did not answer; try again." };
  }
  const json = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  if (!res.ok) return { ok: false, message: json?.error?.message ?? `HTTP ${res.status}` };
  return { ok: true, data: json as T };
}

/** One GET, reloaded on demand (after a change). */
export function useApi<T>(path: string) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const reload = useCallback(async () => {
    const r = await callApi<T>(path);
    if (r.ok) {
      setData(r.data);
      setError(undefined);
    } else setError(r.message);
  }, [path]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload };
}

/** Times as UTC to the minute; `never` for a key or token not used yet. */
export function when(iso: string | null | undefined, empty = "never"): string {
  if (!iso) return empty;
  return `${iso.replace("T", " ").slice(0, 16)} UTC`;
}

/** One value per line (textareas of urls, origins, host names), blanks dropped. */
export function lines(text: FormDataEntryValue | null): string[] {
  return String(text ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

"use client";
// The settings pages talk to /api/admin and /api/account like any other client would; this is the
// one place that turns their { error: { code, message } } into a sentence for the page.
import { type FormEvent, useCallback, useEffect, useState } from "react";

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

/**
 * A form that creates something: posts what `body` makes of the form's fields, keeps the answer (a
 * shown-once secret, a "done" line) or the refusal, and on success clears the form and reloads the
 * list. `body` returns a string to refuse before asking the server (a rule the page can check).
 */
export function useCreateForm<T>(path: string, reload: () => Promise<void>) {
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<T>();
  const submit = (body: (form: FormData) => unknown) => async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formEl = event.currentTarget;
    const payload = body(new FormData(formEl));
    if (typeof payload === "string") {
      setError(payload);
      return;
    }
    const r = await callApi<T>(path, "POST", payload);
    setError(r.ok ? undefined : r.message);
    setCreated(r.ok ? r.data : undefined);
    if (r.ok) {
      formEl.reset();
      await reload();
    }
  };
  return { error, setError, created, submit };
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

"use client";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import type { AuditRow } from "../../../../lib/inventory/audit-log";
import { callApi, when } from "../api-client";
import { FormError } from "../form-error";

type Page = { entries: AuditRow[]; nextBefore: string | null };

const PAGE = 100;

/** The detail object as `key=value` pairs; nested values (before/after) as compact JSON. */
function detailText(detail: AuditRow["detail"]): string {
  if (!detail || typeof detail !== "object" || Array.isArray(detail)) return "";
  return Object.entries(detail)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
}

export function AuditLog() {
  const [action, setAction] = useState("");
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string>();

  const load = useCallback(async (filter: string, before?: string) => {
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (filter) q.set("action", filter);
    if (before) q.set("before", before);
    const r = await callApi<Page>(`/api/admin/audit?${q}`);
    if (!r.ok) {
      setError(r.message);
      return;
    }
    setError(undefined);
    setRows((prev) => (before ? [...prev, ...r.data.entries] : r.data.entries));
    setNext(r.data.nextBefore);
  }, []);

  useEffect(() => {
    void load("");
  }, [load]);

  function filter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("action") ?? "").trim();
    setAction(value);
    void load(value);
  }

  return (
    <section className="panel" aria-labelledby="audit">
      <h1 id="audit">Audit log</h1>
      <p className="muted">Changes to people, tenants, servers, apps, keys and tokens: who, what, when and from which address prefix.</p>
      <form className="row-actions" onSubmit={filter} aria-label="Filter the audit log">
        <label>
          Action <input name="action" placeholder="key.create" maxLength={81} />
        </label>
        <button type="submit" className="secondary">
          Filter
        </button>
      </form>
      <FormError message={error} />
      <table className="settings-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Detail</th>
            <th scope="col">Tenant</th>
            <th scope="col">Prefix</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id}>
              <td>{when(e.at)}</td>
              <td>
                {e.actorId} <span className="muted">({e.actorType})</span>
              </td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>{[e.targetType, e.targetId].filter(Boolean).join(" ") || "—"}</td>
              <td>{detailText(e.detail)}</td>
              <td>{e.tenant ?? "—"}</td>
              <td>{e.ipPrefix ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && !error ? <p className="muted">No entries{action ? ` for ${action}` : ""}.</p> : null}
      {next ? (
        <button type="button" className="secondary" onClick={() => void load(action, next)}>
          Older entries
        </button>
      ) : null}
    </section>
  );
}

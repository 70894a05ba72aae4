"use client";
import { type FormEvent, useState } from "react";
import type { AppRow } from "../../../../lib/inventory/apps";
import type { TenantRow } from "../../../../lib/inventory/tenants";
import { callApi, lines, useApi, useCreateForm } from "../api-client";
import { Field } from "../field";
import { FormError } from "../form-error";

function OriginsEditor({ app, onSaved }: { app: AppRow; onSaved: () => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  if (!open)
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)} aria-label={`Edit origins of ${app.name}`}>
        Edit origins
      </button>
    );
  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const r = await callApi(`/api/admin/apps/${app.id}`, "PATCH", { origins: lines(new FormData(event.currentTarget).get("origins")) });
    setError(r.ok ? undefined : r.message);
    if (r.ok) {
      setOpen(false);
      await onSaved();
    }
  }
  return (
    <form className="stack" onSubmit={save}>
      <label>
        Allowed origins of {app.name}
        <textarea name="origins" rows={3} defaultValue={app.origins.join("\n")} />
      </label>
      <FormError message={error} />
      <span className="row-actions">
        <button type="submit">Save origins</button>
        <button type="button" className="link" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </span>
    </form>
  );
}

export function AppsAdmin() {
  const list = useApi<{ apps: AppRow[] }>("/api/admin/apps");
  const tenants = useApi<{ tenants: TenantRow[] }>("/api/admin/tenants");
  const create = useCreateForm<{ app: { name: string; tenant: { slug: string } } }>("/api/admin/apps", list.reload);
  const error = create.error;
  const done = create.created
    ? `Added app ${create.created.app.name} in tenant ${create.created.app.tenant.slug}. Next: an app key for its pages (Keys).`
    : undefined;

  const add = create.submit((form) => {
    return {
      name: String(form.get("name") ?? "").trim(),
      tenantId: form.get("tenantId"),
      origins: lines(form.get("origins")),
    };
  });

  return (
    <>
      <section className="panel" aria-labelledby="apps">
        <h1 id="apps">Apps</h1>
        <p className="muted">Web apps that embed the SDK. Only pages on an allowed origin may send stats with the app&apos;s keys.</p>
        <FormError message={list.error ?? tenants.error} />
        <table className="settings-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Tenant</th>
              <th scope="col">Allowed origins</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.apps.map((a) => (
              <tr key={a.id}>
                <td>{a.name}</td>
                <td>{a.tenant.slug}</td>
                <td>{a.origins.join(" ") || "none: browsers cannot send yet"}</td>
                <td>
                  <OriginsEditor app={a} onSaved={list.reload} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="add-app">
        <h2 id="add-app">Add an app</h2>
        <form className="stack" onSubmit={add}>
          <Field label="Name">{(a) => <input {...a} name="name" required maxLength={63} pattern="[a-z0-9][a-z0-9\-]{0,62}" />}</Field>
          <Field label="Tenant">
            {(a) => (
              <select {...a} name="tenantId" required>
                {tenants.data?.tenants.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.slug}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Allowed origins" hint="one per line: scheme://host[:port], no path">
            {(a) => <textarea {...a} name="origins" rows={2} placeholder="https://app.example.com" />}
          </Field>
          <FormError message={error} />
          {done ? <p role="status">{done}</p> : null}
          <button type="submit">Add app</button>
        </form>
      </section>
    </>
  );
}

"use client";
import type { TenantRow } from "../../../../lib/inventory/tenants";
import { useApi, useCreateForm, when } from "../api-client";
import { Field } from "../field";
import { FormError } from "../form-error";

export function TenantsAdmin() {
  const list = useApi<{ tenants: TenantRow[] }>("/api/admin/tenants");
  const create = useCreateForm<{ tenant: TenantRow }>("/api/admin/tenants", list.reload);
  const error = create.error;
  const done = create.created ? `Added tenant ${create.created.tenant.slug}.` : undefined;

  const add = create.submit((form) => {
    const name = String(form.get("name") ?? "").trim();
    return {
      slug: String(form.get("slug") ?? "").trim(),
      ...(name ? { name } : {}),
      timeZone: String(form.get("timeZone") ?? "UTC").trim() || "UTC",
    };
  });

  return (
    <>
      <section className="panel" aria-labelledby="tenants">
        <h1 id="tenants">Tenants</h1>
        <p className="muted">Whose servers, apps and data are whose. People are granted tenants; every query filters by them.</p>
        <FormError message={list.error} />
        <table className="settings-table">
          <thead>
            <tr>
              <th scope="col">Slug</th>
              <th scope="col">Name</th>
              <th scope="col">Time zone</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.tenants.map((t) => (
              <tr key={t.id}>
                <td>{t.slug}</td>
                <td>{t.name}</td>
                <td>{t.timeZone}</td>
                <td>{when(t.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="add-tenant">
        <h2 id="add-tenant">Add a tenant</h2>
        <form className="stack" onSubmit={add}>
          <Field label="Slug" hint="lower-case letters, digits and dashes">
            {(a) => <input {...a} name="slug" required maxLength={63} pattern="[a-z0-9][a-z0-9\-]{0,62}" />}
          </Field>
          <Field label="Name">{(a) => <input {...a} name="name" maxLength={100} />}</Field>
          <Field label="Time zone" hint="IANA zone for billing months, e.g. Europe/Berlin">
            {(a) => <input {...a} name="timeZone" defaultValue="UTC" maxLength={64} />}
          </Field>
          <FormError message={error} />
          {done ? <p role="status">{done}</p> : null}
          <button type="submit">Add tenant</button>
        </form>
      </section>
    </>
  );
}

"use client";
import type { ServerRow } from "../../../../lib/inventory/servers";
import { SERVER_SOFTWARE } from "../../../../lib/inventory/software";
import type { TenantRow } from "../../../../lib/inventory/tenants";
import { lines, useApi, useCreateForm } from "../api-client";
import { Field } from "../field";
import { FormError } from "../form-error";

export function ServersAdmin() {
  const list = useApi<{ servers: ServerRow[] }>("/api/admin/servers");
  const tenants = useApi<{ tenants: TenantRow[] }>("/api/admin/tenants");
  const create = useCreateForm<{ server: { name: string } }>("/api/admin/servers", list.reload);
  const error = create.error;
  const done = create.created ? `Added server ${create.created.server.name}. Next: a collector key for its agent (Keys).` : undefined;

  const add = create.submit((form) => {
    // Rules are typed as on the CLI (realm=tenant-slug); the API takes tenant ids.
    const bySlug = new Map(tenants.data?.tenants.map((t) => [t.slug, t.id]));
    const realmRules = [];
    for (const line of lines(form.get("realmRules"))) {
      const i = line.lastIndexOf("=");
      const tenantId = bySlug.get(line.slice(i + 1));
      if (i <= 0 || !tenantId) return `Realm rule "${line}": use realm=tenant with a tenant slug from the list.`;
      realmRules.push({ realm: line.slice(0, i), tenantId });
    }
    const text = (k: string) => String(form.get(k) ?? "").trim() || null;
    return {
      name: String(form.get("name") ?? "").trim(),
      region: text("region"),
      provider: text("provider"),
      software: form.get("software"),
      urls: lines(form.get("urls")),
      hostnames: lines(form.get("hostnames")),
      defaultTenantId: form.get("defaultTenantId"),
      realmRules,
      relayPorts: text("relayPorts"),
    };
  });

  return (
    <>
      <section className="panel" aria-labelledby="servers">
        <h1 id="servers">Servers</h1>
        <FormError message={list.error ?? tenants.error} />
        <table className="settings-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Region</th>
              <th scope="col">Software</th>
              <th scope="col">ICE urls</th>
              <th scope="col">Realms → tenants</th>
              <th scope="col">Relay ports</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.servers.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>{[s.region, s.provider].filter(Boolean).join(" · ") || "—"}</td>
                <td>{[s.software, s.version].filter(Boolean).join(" ")}</td>
                <td>{s.urls.join(" ") || "—"}</td>
                <td>{[...s.realmRules.map((r) => `${r.realm}=${r.tenant.slug}`), `*=${s.defaultTenant.slug}`].join(" ")}</td>
                <td>{s.relayPorts ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="add-server">
        <h2 id="add-server">Add a server</h2>
        <form className="stack" onSubmit={add}>
          <Field label="Name" hint="as its agent will report it, e.g. turn-eu-1">
            {(a) => <input {...a} name="name" required maxLength={63} pattern="[a-z0-9][a-z0-9\-]{0,62}" />}
          </Field>
          <Field label="Region">{(a) => <input {...a} name="region" maxLength={100} />}</Field>
          <Field label="Provider">{(a) => <input {...a} name="provider" maxLength={100} />}</Field>
          <Field label="Software">
            {(a) => (
              <select {...a} name="software" defaultValue="coturn">
                {SERVER_SOFTWARE.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label="ICE urls" hint="one per line: the urls browsers are given">
            {(a) => <textarea {...a} name="urls" rows={2} placeholder="turn:turn.example.com:3478" />}
          </Field>
          <Field label="Host names" hint="one per line: names or addresses the server is reached at">
            {(a) => <textarea {...a} name="hostnames" rows={2} />}
          </Field>
          <Field label="Default tenant" hint="for realms no rule names">
            {(a) => (
              <select {...a} name="defaultTenantId" required>
                {tenants.data?.tenants.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.slug}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Realm rules" hint="one realm=tenant-slug per line, first match wins">
            {(a) => <textarea {...a} name="realmRules" rows={2} placeholder="example.com=acme" />}
          </Field>
          <Field label="Relay ports">{(a) => <input {...a} name="relayPorts" placeholder="49152-65535" maxLength={11} />}</Field>
          <FormError message={error} />
          {done ? <p role="status">{done}</p> : null}
          <button type="submit">Add server</button>
        </form>
      </section>
    </>
  );
}

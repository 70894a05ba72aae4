"use client";
import { useState } from "react";
import type { AppRow } from "../../../../lib/inventory/apps";
import type { KeyRow } from "../../../../lib/inventory/keys";
import type { ServerRow } from "../../../../lib/inventory/servers";
import { callApi, useApi, useCreateForm } from "../api-client";
import { CredentialTable } from "../credential-table";
import { Field } from "../field";
import { FormError } from "../form-error";
import { ShownOnce } from "../shown-once";

type Created = { key: string; prefix: string; kind: string; name: string };

function scopeOf(k: KeyRow): string {
  if (k.app) return `app ${k.app.name}${k.tenant ? ` (${k.tenant.slug})` : ""}`;
  if (k.server) return `server ${k.server.name}`;
  return k.tenant ? `tenant ${k.tenant.slug}` : "any server";
}

export function KeysAdmin() {
  const list = useApi<{ keys: KeyRow[] }>("/api/admin/keys");
  const servers = useApi<{ servers: ServerRow[] }>("/api/admin/servers");
  const apps = useApi<{ apps: AppRow[] }>("/api/admin/apps");
  const [kind, setKind] = useState<"collector" | "app">("collector");
  const create = useCreateForm<Created>("/api/admin/keys", list.reload);
  const { error, setError, created } = create;

  const add = create.submit((form) => {
    const expiresIn = String(form.get("expiresIn") ?? "").trim();
    const serverId = String(form.get("serverId") ?? "");
    return {
      kind,
      name: String(form.get("name") ?? "").trim(),
      ...(kind === "collector" ? { serverId: serverId || null } : { appId: form.get("appId") }),
      ...(expiresIn ? { expiresIn } : {}),
    };
  });

  async function revoke(k: KeyRow) {
    const r = await callApi(`/api/admin/keys/${k.id}`, "DELETE");
    setError(r.ok ? undefined : r.message);
    await list.reload();
  }

  return (
    <>
      <section className="panel" aria-labelledby="keys">
        <h1 id="keys">Keys</h1>
        <p className="muted">Collector keys let agents on TURN hosts deliver; app keys let the browser SDK send stats.</p>
        {created ? (
          <ShownOnce label={`New ${created.kind} key ${created.prefix}`} value={created.key} note="Pass it to the agent or the SDK." />
        ) : null}
        <FormError message={list.error} />
        <CredentialTable
          items={list.data?.keys}
          columns={[
            { label: "Kind", cell: (k) => k.kind },
            { label: "Scope", cell: scopeOf },
          ]}
          onRevoke={revoke}
        />
      </section>
      <section className="panel" aria-labelledby="add-key">
        <h2 id="add-key">Create a key</h2>
        <form className="stack" onSubmit={add}>
          <Field label="Kind">
            {(a) => (
              <select {...a} name="kind" value={kind} onChange={(e) => setKind(e.target.value === "app" ? "app" : "collector")}>
                <option value="collector">collector (agent on a TURN host)</option>
                <option value="app">app (browser SDK)</option>
              </select>
            )}
          </Field>
          <Field label="Name">
            {(a) => <input {...a} name="name" required maxLength={100} placeholder={kind === "app" ? "my-app-web" : "turn-eu-1-agent"} />}
          </Field>
          {kind === "collector" ? (
            <Field label="Server">
              {(a) => (
                <select {...a} name="serverId" defaultValue="">
                  <option value="">any server</option>
                  {servers.data?.servers.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : (
            <Field label="App">
              {(a) => (
                <select {...a} name="appId" required>
                  {apps.data?.apps.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name} ({a.tenant.slug})
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field label="Expires in" hint="e.g. 30d, 12h, 2w; empty = never">
            {(a) => <input {...a} name="expiresIn" placeholder="90d" maxLength={16} />}
          </Field>
          <FormError message={error} />
          <button type="submit">Create key</button>
        </form>
      </section>
    </>
  );
}

"use client";
import { type FormEvent, useState } from "react";
import type { TokenRole, TokenRow } from "../../../../lib/inventory/tokens";
import { callApi, useApi } from "../api-client";
import { CREDENTIAL_COLUMNS, CredentialCells } from "../credential-cells";
import { Field } from "../field";
import { FormError } from "../form-error";
import { keyStatus } from "../key-status";
import { ShownOnce } from "../shown-once";

type Me = { allTenants: boolean; tenants: { id: string; slug: string }[] };
type Created = { token: string; prefix: string; name: string };

export function TokensPanel({ roles }: { roles: TokenRole[] }) {
  const list = useApi<{ tokens: TokenRow[] }>("/api/account/tokens");
  const me = useApi<Me>("/api/v1/me");
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<Created>();

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const expiresIn = String(form.get("expiresIn") ?? "").trim();
    const tenantId = String(form.get("tenantId") ?? "");
    const r = await callApi<Created>("/api/account/tokens", "POST", {
      name: String(form.get("name") ?? "").trim(),
      role: form.get("role"),
      ...(tenantId ? { tenantId } : {}),
      ...(expiresIn ? { expiresIn } : {}),
    });
    setError(r.ok ? undefined : r.message);
    setCreated(r.ok ? r.data : undefined);
    if (r.ok) {
      formEl.reset();
      await list.reload();
    }
  }

  async function revoke(t: TokenRow) {
    const r = await callApi(`/api/account/tokens/${t.id}`, "DELETE");
    setError(r.ok ? undefined : r.message);
    await list.reload();
  }

  return (
    <>
      <section className="panel" aria-labelledby="tokens">
        <h1 id="tokens">API tokens</h1>
        <p className="muted">
          Tokens for the read API (<code>Authorization: Bearer &lt;token&gt;</code>). A token acts for you: at most your role, only your
          tenants, and it stops working when you are disabled.
        </p>
        {created ? <ShownOnce label={`New API token ${created.prefix}`} value={created.token} /> : null}
        <FormError message={list.error} />
        <table className="settings-table">
          <thead>
            <tr>
              <th scope="col">Prefix</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Tenant</th>
              {CREDENTIAL_COLUMNS.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {list.data?.tokens.map((t) => {
              const status = keyStatus(t);
              return (
                <tr key={t.id} className={status === "revoked" ? "revoked" : undefined}>
                  <td>
                    <code>{t.prefix}</code>
                  </td>
                  <td>{t.name}</td>
                  <td>{t.role ?? "viewer"}</td>
                  <td>{t.tenant?.slug ?? "all of yours"}</td>
                  <CredentialCells item={t} onRevoke={() => revoke(t)} />
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="add-token">
        <h2 id="add-token">Create a token</h2>
        <form className="stack" onSubmit={add}>
          <Field label="Name">{(a) => <input {...a} name="name" required maxLength={100} placeholder="grafana" />}</Field>
          <Field label="Role">
            {(a) => (
              <select {...a} name="role" defaultValue="viewer">
                {roles.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Tenant">
            {(a) => (
              <select {...a} name="tenantId" defaultValue="">
                <option value="">{me.data?.allTenants ? "all tenants" : "all my tenants"}</option>
                {me.data?.tenants.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.slug}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Expires in" hint="e.g. 30d, 12h, 2w; empty = never">
            {(a) => <input {...a} name="expiresIn" placeholder="90d" maxLength={16} />}
          </Field>
          <FormError message={error} />
          <button type="submit">Create token</button>
        </form>
      </section>
    </>
  );
}

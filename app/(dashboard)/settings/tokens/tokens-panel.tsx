"use client";
import type { TokenRole, TokenRow } from "../../../../lib/inventory/tokens";
import { callApi, useApi, useCreateForm } from "../api-client";
import { CredentialTable } from "../credential-table";
import { Field } from "../field";
import { FormError } from "../form-error";
import { ShownOnce } from "../shown-once";

type Me = { allTenants: boolean; tenants: { id: string; slug: string }[] };
type Created = { token: string; prefix: string; name: string };

export function TokensPanel({ roles }: { roles: TokenRole[] }) {
  const list = useApi<{ tokens: TokenRow[] }>("/api/account/tokens");
  const me = useApi<Me>("/api/v1/me");
  const create = useCreateForm<Created>("/api/account/tokens", list.reload);
  const { error, setError, created } = create;

  const add = create.submit((form) => {
    const expiresIn = String(form.get("expiresIn") ?? "").trim();
    const tenantId = String(form.get("tenantId") ?? "");
    return {
      name: String(form.get("name") ?? "").trim(),
      role: form.get("role"),
      ...(tenantId ? { tenantId } : {}),
      ...(expiresIn ? { expiresIn } : {}),
    };
  });

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
        <CredentialTable
          items={list.data?.tokens}
          columns={[
            { label: "Role", cell: (t) => t.role ?? "viewer" },
            { label: "Tenant", cell: (t) => t.tenant?.slug ?? "all of yours" },
          ]}
          onRevoke={revoke}
        />
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

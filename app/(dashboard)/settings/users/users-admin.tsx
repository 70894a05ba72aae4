"use client";
import { ROLES } from "../../../../lib/auth/roles";
import type { TenantRow } from "../../../../lib/inventory/tenants";
import type { UserRow as User } from "../../../../lib/inventory/users";
import { useApi, useCreateForm } from "../api-client";
import { Field } from "../field";
import { FormError } from "../form-error";
import { ShownOnce } from "../shown-once";
import { TenantPicker } from "./tenant-picker";
import { UserRow } from "./user-row";

type Created = { user: { email: string; role: string }; oneTimePassword?: string };

export function UsersAdmin() {
  const list = useApi<{ users: User[] }>("/api/admin/users");
  const tenants = useApi<{ tenants: TenantRow[] }>("/api/admin/tenants");
  const create = useCreateForm<Created>("/api/admin/users", list.reload);
  const { error, created } = create;

  const add = create.submit((form) => {
    const role = String(form.get("role"));
    const name = String(form.get("name") ?? "").trim();
    return {
      email: String(form.get("email") ?? "").trim(),
      ...(name ? { name } : {}),
      role,
      tenantIds: role === "admin" ? [] : form.getAll("tenantIds"),
    };
  });

  return (
    <>
      <section className="panel" aria-labelledby="users">
        <h1 id="users">Users</h1>
        <p className="muted">Viewers read; operators also acknowledge, silence and export; admins manage everything, in every tenant.</p>
        {created?.oneTimePassword ? (
          <ShownOnce
            label={`One-time password for ${created.user.email}`}
            value={created.oneTimePassword}
            note="Give it to them; their first sign-in chooses their own."
          />
        ) : null}
        <FormError message={list.error ?? tenants.error} />
        <table className="settings-table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Tenants</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.users.map((u) => (
              <UserRow key={u.id} user={u} tenants={tenants.data?.tenants ?? []} onChanged={list.reload} />
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="add-user">
        <h2 id="add-user">Add a user</h2>
        <form className="stack" onSubmit={add}>
          <Field label="Email">{(a) => <input {...a} name="email" type="email" required maxLength={320} autoComplete="off" />}</Field>
          <Field label="Name">{(a) => <input {...a} name="name" maxLength={200} />}</Field>
          <Field label="Role">
            {(a) => (
              <select {...a} name="role" defaultValue="viewer">
                {ROLES.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            )}
          </Field>
          <TenantPicker tenants={tenants.data?.tenants ?? []} />
          <FormError message={error} />
          <button type="submit">Add user</button>
        </form>
      </section>
    </>
  );
}

"use client";
import { type FormEvent, useState } from "react";
import { ROLES } from "../../../../lib/auth/roles";
import type { TenantRow } from "../../../../lib/inventory/tenants";
import type { UserRow as User } from "../../../../lib/inventory/users";
import { callApi, when } from "../api-client";
import { ConfirmButton } from "../confirm-button";
import { Field } from "../field";
import { FormError } from "../form-error";
import { ShownOnce } from "../shown-once";
import { TenantPicker } from "./tenant-picker";

export function UserRow({ user, tenants, onChanged }: { user: User; tenants: TenantRow[]; onChanged: () => Promise<void> }) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string>();
  const [password, setPassword] = useState<string>();

  async function change(body: object) {
    const r = await callApi(`/api/admin/users/${user.id}`, "PATCH", body);
    setError(r.ok ? undefined : r.message);
    if (r.ok) await onChanged();
    return r.ok;
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const role = String(form.get("role"));
    const ok = await change({ name: String(form.get("name") ?? ""), role, tenantIds: role === "admin" ? [] : form.getAll("tenantIds") });
    if (ok) setEditing(false);
  }

  async function reset() {
    const r = await callApi<{ oneTimePassword: string }>(`/api/admin/users/${user.id}/password`, "POST");
    setError(r.ok ? undefined : r.message);
    setPassword(r.ok ? r.data.oneTimePassword : undefined);
  }

  return (
    <tr>
      <td>{user.email}</td>
      <td>{user.name}</td>
      <td>{user.role}</td>
      <td>{user.role === "admin" ? "all" : user.tenants.map((t) => t.slug).join(" ") || "none"}</td>
      <td>
        <span className="status">{user.disabled ? "disabled" : user.mustChangePassword ? "one-time password" : "active"}</span>
      </td>
      <td>{when(user.lastSignInAt)}</td>
      <td>
        {password ? <ShownOnce label={`One-time password for ${user.email}`} value={password} /> : null}
        <FormError message={error} />
        {editing ? (
          <form className="stack" onSubmit={save} aria-label={`Edit ${user.email}`}>
            <Field label="Name">{(a) => <input {...a} name="name" defaultValue={user.name} maxLength={200} />}</Field>
            <Field label="Role">
              {(a) => (
                <select {...a} name="role" defaultValue={user.role}>
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              )}
            </Field>
            <TenantPicker tenants={tenants} checked={user.tenants.map((t) => t.id)} />
            <span className="row-actions">
              <button type="submit">Save</button>
              <button type="button" className="link" onClick={() => setEditing(false)}>
                Cancel
              </button>
            </span>
          </form>
        ) : (
          <span className="row-actions">
            <button type="button" className="secondary" onClick={() => setEditing(true)} aria-label={`Edit ${user.email}`}>
              Edit
            </button>
            {user.disabled ? (
              <button type="button" className="secondary" onClick={() => void change({ disabled: false })}>
                Enable
              </button>
            ) : (
              <ConfirmButton
                label="Disable"
                confirmLabel="Yes, disable"
                question={`Disable ${user.email}? Their sessions and tokens stop at once.`}
                onConfirm={async () => void (await change({ disabled: true }))}
              />
            )}
            <ConfirmButton
              label="Reset password"
              confirmLabel="Yes, reset"
              question={`Reset the password of ${user.email}?`}
              onConfirm={reset}
            />
          </span>
        )}
      </td>
    </tr>
  );
}

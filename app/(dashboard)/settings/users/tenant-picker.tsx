"use client";
import type { TenantRow } from "../../../../lib/inventory/tenants";

/** Tenant grants as checkboxes named `tenantIds` (admins see every tenant, so they need none). */
export function TenantPicker({ tenants, checked = [] }: { tenants: TenantRow[]; checked?: string[] }) {
  return (
    <fieldset>
      <legend>Tenants (viewers and operators see only these)</legend>
      {tenants.length === 0 ? <span className="muted">no tenants yet</span> : null}
      {tenants.map((t) => (
        <label key={t.id}>
          <input type="checkbox" name="tenantIds" value={t.id} defaultChecked={checked.includes(t.id)} /> {t.slug}
        </label>
      ))}
    </fieldset>
  );
}

"use client";
// The table of keys or tokens: prefix and name, the caller's own columns (kind and scope, or role
// and tenant), then the key's life: created, expires, last used, status, and revoke while it still
// works. Collector/app keys and personal tokens show exactly the same, so they share this.
import type { ReactNode } from "react";
import { when } from "./api-client";
import { ConfirmButton } from "./confirm-button";
import { keyStatus } from "./key-status";

export type Credential = {
  id: string;
  prefix: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export type CredentialColumn<T> = { label: string; cell: (item: T) => ReactNode };

const LIFE_COLUMNS = ["Created", "Expires", "Last used", "Status", "Actions"];

export function CredentialTable<T extends Credential>({
  items,
  columns,
  onRevoke,
}: {
  items: T[] | undefined;
  columns: CredentialColumn<T>[];
  onRevoke: (item: T) => Promise<void>;
}) {
  return (
    <table className="settings-table">
      <thead>
        <tr>
          {["Prefix", "Name", ...columns.map((c) => c.label), ...LIFE_COLUMNS].map((label) => (
            <th scope="col" key={label}>
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {items?.map((item) => {
          const status = keyStatus(item);
          return (
            <tr key={item.id} className={status === "revoked" ? "revoked" : undefined}>
              <td>
                <code>{item.prefix}</code>
              </td>
              <td>{item.name}</td>
              {columns.map((c) => (
                <td key={c.label}>{c.cell(item)}</td>
              ))}
              <td>{when(item.createdAt)}</td>
              <td>{when(item.expiresAt, "never")}</td>
              <td>{when(item.lastUsedAt)}</td>
              <td>
                <span className="status">{status}</span>
              </td>
              <td>
                {status === "revoked" ? null : (
                  <ConfirmButton
                    label="Revoke"
                    confirmLabel="Yes, revoke"
                    question={`Revoke ${item.prefix}?`}
                    onConfirm={() => onRevoke(item)}
                  />
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

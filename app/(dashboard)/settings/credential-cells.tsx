"use client";
// The life of a key or token in a row: created, expires, last used, status, and revoke while it
// still works. Collector/app keys and personal tokens show exactly the same, so they share this.
import { when } from "./api-client";
import { ConfirmButton } from "./confirm-button";
import { keyStatus } from "./key-status";

export type Credential = {
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export const CREDENTIAL_COLUMNS = ["Created", "Expires", "Last used", "Status", "Actions"] as const;

export function CredentialCells({ item, onRevoke }: { item: Credential; onRevoke: () => Promise<void> }) {
  const status = keyStatus(item);
  return (
    <>
      <td>{when(item.createdAt)}</td>
      <td>{when(item.expiresAt, "never")}</td>
      <td>{when(item.lastUsedAt)}</td>
      <td>
        <span className="status">{status}</span>
      </td>
      <td>
        {status === "revoked" ? null : (
          <ConfirmButton label="Revoke" confirmLabel="Yes, revoke" question={`Revoke ${item.prefix}?`} onConfirm={onRevoke} />
        )}
      </td>
    </>
  );
}

"use client";
// A labelled control whose hint is its description, not part of its name, so that "Name" stays
// "Name" for screen readers and for getByLabel.
import { type ReactNode, useId } from "react";

export type FieldProps = { id: string; "aria-describedby"?: string };

export function Field({ label, hint, children }: { label: string; hint?: string; children: (props: FieldProps) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-describedby": hint ? `${id}-hint` : undefined })}
      {hint ? (
        <span id={`${id}-hint`} className="hint muted">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

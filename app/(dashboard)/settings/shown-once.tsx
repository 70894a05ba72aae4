"use client";
// A secret (key, token, one-time password) shown exactly once, right after it was made: the server
// keeps only its hash, so leaving or reloading the page loses it for good.
import { useState } from "react";

export function ShownOnce({ label, value, note }: { label: string; value: string; note?: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <section className="shown-once" aria-label={label}>
      <h3>{label}</h3>
      <p>
        <strong>Shown only this once.</strong> Copy it now; it is not stored and cannot be shown again. {note}
      </p>
      <div className="secret-row">
        <output aria-label={`${label} value`} className="secret">
          {value}
        </output>
        <button type="button" className="secondary" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </section>
  );
}

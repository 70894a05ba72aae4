// What a panel shows when it has nothing to draw, and says why: no data in the range, a feature
// that has not landed ("not available yet: needs the alerts feature", DESIGN.md), or an error.
// A blank chart would read as "zero", which is a different claim.
import type { ReactNode } from "react";

export type EmptyStateProps = {
  message: string;
  title?: string;
  /** empty: nothing in this range · unavailable: the feature is not there yet · error: loading failed. */
  tone?: "empty" | "unavailable" | "error";
  /** A next step: a retry button, a link to setup. */
  action?: ReactNode;
};

const MARK = { empty: "○", unavailable: "◌", error: "!" } as const;

export function EmptyState({ message, title, tone = "empty", action }: EmptyStateProps) {
  return (
    <div className={`empty-state tone-${tone}`} role={tone === "error" ? "alert" : undefined}>
      <span className="empty-mark" aria-hidden="true">
        {MARK[tone]}
      </span>
      {title ? <p className="empty-title">{title}</p> : null}
      <p className="empty-message">{message}</p>
      {action ? <div className="empty-action">{action}</div> : null}
    </div>
  );
}

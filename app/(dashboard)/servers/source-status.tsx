// A source's status as words (never colour alone): "Delivering", "Stale", "No data".
import type { Freshness } from "../../../lib/queries/get-freshness";
import { STATUS_LABEL } from "./labels";

export function SourceStatus({ status, source }: { status: Freshness; source: string }) {
  return (
    <span className={`source-status source-${status}`} title={`${source}: ${STATUS_LABEL[status]}`}>
      {STATUS_LABEL[status]}
    </span>
  );
}

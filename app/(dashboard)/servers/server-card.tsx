"use client";
// Everything about one TURN server: inventory and runs, each source with its status and what to do
// when it is missing, live allocations by transport against capacity, and traffic over the range.
import { useId } from "react";
import { formatBytes } from "../../../lib/format/bytes";
import { formatCount, formatRatio, NONE } from "../../../lib/format/numbers";
import { formatTimestamp } from "../../../lib/format/time";
import type { ServerRow } from "../../../lib/queries/list-servers";
import { TRANSPORT_LABEL, TRANSPORT_ORDER } from "./labels";
import { SourceStatus } from "./source-status";

const when = (t: string | null) => (t ? formatTimestamp(t) : NONE);

function Facts({ s }: { s: ServerRow }) {
  return (
    <dl className="facts">
      <dt>Software</dt>
      <dd>
        {s.software}
        {s.version ? ` (${s.version})` : ""}
      </dd>
      <dt>Region</dt>
      <dd>{s.region ?? NONE}</dd>
      <dt>Provider</dt>
      <dd>{s.provider ?? NONE}</dd>
      <dt>ICE urls</dt>
      <dd>{s.urls.length ? s.urls.join(", ") : "none: browsers' connections cannot be matched to this server"}</dd>
      <dt>Last start</dt>
      <dd>
        {when(s.runs.lastStartedAt)}
        {s.runs.timeApproximate ? " (approximate: uptime-stamped log)" : ""}
      </dd>
      <dt>Starts in range</dt>
      <dd>{formatCount(s.runs.startedInRange)}</dd>
      <dt>Last data</dt>
      <dd>{when(s.lastDataAt)}</dd>
    </dl>
  );
}

function Sources({ s }: { s: ServerRow }) {
  const { coturn, metrics, sdk } = s.sources;
  return (
    <ul className="sources">
      <li>
        <strong>coturn logs</strong> <SourceStatus status={coturn.status} source="coturn logs" />
        {coturn.agents.length === 0 ? (
          <p className="muted">
            No agent has delivered. On the TURN host run{" "}
            <code>
              relayscope collect coturn --file /var/log/turn.log --server {s.name} --push &lt;this app&apos;s URL&gt; --key &lt;collector
              key&gt;
            </code>
          </p>
        ) : (
          <ul>
            {coturn.agents.map((a) => (
              <li key={`${a.agentId}/${a.fileId}`}>
                Agent <code>{a.agentId}</code> reading <code>{a.path}</code>: last delivery {when(a.lastDeliveryAt)}
                {a.lines !== null
                  ? `, ${formatCount(a.lines)} lines, ${formatCount(a.events)} events, ${formatCount(a.skipped)} skipped`
                  : ""}
                {a.pendingBytes ? `, ${formatBytes(a.pendingBytes)} not read yet` : ""}
              </li>
            ))}
            <li>{formatCount(coturn.quarantinedInRange)} lines quarantined in this range</li>
          </ul>
        )}
      </li>
      <li>
        <strong>Metrics</strong> <SourceStatus status={metrics.status} source="metrics" />
        {metrics.targets.length === 0 ? (
          <p className="muted">
            No metrics target. Run{" "}
            <code>
              relayscope collect prometheus --url http://&lt;host&gt;:9641/metrics --server {s.name} --push &lt;this app&apos;s URL&gt;
              --key &lt;collector key&gt;
            </code>{" "}
            (coturn needs <code>--prometheus</code>).
          </p>
        ) : (
          <ul>
            {metrics.targets.map((t) => (
              <li key={`${t.mode} ${t.url} ${t.query}`}>
                {t.mode === "promql" ? "PromQL" : "Scrape"} <code>{t.url}</code>:{" "}
                {t.up
                  ? `up, ${formatCount(t.series)} series, last success ${when(t.lastSuccessAt)}`
                  : `failing (${t.consecutiveFailures} in a row${t.reason ? `, ${t.reason}` : ""}): ${t.error ?? "no success yet"}`}
                {t.warnings.length ? <span className="muted"> · {t.warnings.join("; ")}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </li>
      <li>
        <strong>Browsers (SDK)</strong> <SourceStatus status={sdk.status} source="browsers (SDK)" />{" "}
        {sdk.connections > 0 || sdk.lastSeenAt
          ? `${formatCount(sdk.connections)} connections relayed through it in this range; newest ${when(sdk.lastSeenAt)}`
          : "No browser connection relayed through it in this range. Browsers are matched by the ICE urls above."}
      </li>
    </ul>
  );
}

function Allocations({ s }: { s: ServerRow }) {
  const a = s.allocations;
  if (!a || a.total === null) {
    return (
      <p className="muted">
        No allocation gauge in the hour before the range ends
        {s.sources.metrics.targets.length === 0 ? ": scrape the server's metrics to see live allocations" : ""}.
        {a?.capacity.ceiling ? ` Capacity: ${formatCount(a.capacity.ceiling)} allocations.` : ""}
      </p>
    );
  }
  const { capacity } = a;
  const rows = TRANSPORT_ORDER.filter((k) => a.byTransport[k] !== undefined);
  return (
    <>
      <p>
        {formatCount(a.total)} live allocations at {when(a.sampledAt)}
        {capacity.ceiling
          ? ` of ${formatCount(capacity.ceiling)} (${formatRatio(a.utilisation)})`
          : " (capacity unknown: set the relay port range or total quota)"}
      </p>
      {capacity.ceiling ? (
        <meter
          className="capacity"
          min={0}
          max={capacity.ceiling}
          high={capacity.ceiling * 0.8}
          value={a.total}
          aria-label={`Allocations of capacity on ${s.name}`}
        >
          {formatRatio(a.utilisation)}
        </meter>
      ) : null}
      <table className="data-table compact">
        <caption className="sr-only">Live allocations by transport on {s.name}</caption>
        <thead>
          <tr>
            <th scope="col">Transport</th>
            <th scope="col" className="align-end">
              Allocations
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((k) => (
            <tr key={k}>
              <td>{TRANSPORT_LABEL[k]}</td>
              <td className="align-end">{formatCount(a.byTransport[k])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Capacity: total quota {capacity.totalQuota === null ? "not set" : formatCount(capacity.totalQuota)}, per user{" "}
        {capacity.userQuota === null ? "not set" : formatCount(capacity.userQuota)}, relay ports{" "}
        {capacity.relayPorts === null ? "unknown" : formatCount(capacity.relayPorts)}.
      </p>
    </>
  );
}

function Traffic({ s }: { s: ServerRow }) {
  const t = s.traffic;
  return (
    <dl className="facts">
      <dt>From clients</dt>
      <dd>{formatBytes(t.clientRxBytes)}</dd>
      <dt>To clients</dt>
      <dd>{formatBytes(t.clientTxBytes)}</dd>
      <dt>From peers</dt>
      <dd>{formatBytes(t.peerRxBytes)}</dd>
      <dt>To peers</dt>
      <dd>{formatBytes(t.peerTxBytes)}</dd>
      <dt>Sessions started</dt>
      <dd>{formatCount(t.sessionsStarted)}</dd>
      <dt>Auth failures</dt>
      <dd>{formatCount(t.authFailures)}</dd>
      <dt>Errors</dt>
      <dd>{formatCount(t.errors)}</dd>
    </dl>
  );
}

export function ServerCard({ server: s }: { server: ServerRow }) {
  const id = useId();
  return (
    <article className="card server-card" id={`server-${s.name}`} aria-labelledby={id}>
      <header className="card-head">
        <h3 id={id}>{s.name}</h3>
      </header>
      <div className="server-grid">
        <section aria-label={`${s.name}: about`}>
          <h4>About</h4>
          <Facts s={s} />
          {s.runs.warnings.length ? (
            <>
              <h4>Startup warnings</h4>
              <ul className="warnings">
                {s.runs.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
        <section aria-label={`${s.name}: sources`}>
          <h4>Sources</h4>
          {s.shared ? (
            <p className="muted">
              Shared server: you reach it through a realm rule, so its agents, metrics targets and startup warnings belong to its owner and
              are not shown. Traffic, sessions and browsers are your tenants' own.
            </p>
          ) : (
            <Sources s={s} />
          )}
        </section>
        <section aria-label={`${s.name}: allocations`}>
          <h4>Allocations</h4>
          <Allocations s={s} />
        </section>
        <section aria-label={`${s.name}: traffic in range`}>
          <h4>Traffic in range</h4>
          <Traffic s={s} />
        </section>
      </div>
    </article>
  );
}

import { requirePage } from "../../../lib/auth/guard-page";
import { type AppSetup, getSetupState, type ServerSetup } from "../../../lib/queries/get-setup-state";
import { StatusTable } from "./status-table";

// Reads the database on every request; nothing here can be prerendered at build time.
export const dynamic = "force-dynamic";

function dataStatus(s: ServerSetup): string {
  if (!s.lastDeliveryAt) return "no data yet";
  const sessions = `${s.sessions.toLocaleString("en-US")} relay session${s.sessions === 1 ? "" : "s"}`;
  return `${sessions}, agent last delivered ${new Date(s.lastDeliveryAt).toISOString().replace("T", " ").slice(0, 19)} UTC`;
}

function metricsStatus(s: ServerSetup): string {
  if (s.targets.length === 0) return "no metrics target";
  return s.targets
    .map((t) =>
      t.up
        ? `${t.mode === "promql" ? "PromQL" : "scrape"} up, ${t.series ?? 0} series`
        : `${t.mode === "promql" ? "PromQL" : "scrape"} failing: ${t.error ?? "no success yet"}`,
    )
    .join("; ");
}

function appStatus(a: AppSetup): string {
  if (!a.lastReportAt) return "no reports yet";
  const n = (k: number, what: string) => `${k.toLocaleString("en-US")} ${what}`;
  return `${n(a.connections, a.connections === 1 ? "connection" : "connections")}, ${n(a.relayed, "relayed")}, ${n(a.joined, "joined to coturn sessions")}; last report ${new Date(a.lastReportAt).toISOString().replace("T", " ").slice(0, 19)} UTC`;
}

export default async function SetupPage() {
  const me = await requirePage("viewer", "/setup");
  const state = await getSetupState(me.tenantIds);
  const hasServers = state.servers.length > 0;
  const hasData = state.servers.some((s) => s.sessions > 0);
  return (
    <>
      <section className="panel" aria-labelledby="welcome">
        <h1 id="welcome">{!hasServers ? "No TURN servers yet" : hasData ? "Relay data is arriving" : "Waiting for relay data"}</h1>
        <p className="muted">
          relayscope shows relay share, transports, bandwidth and its cost, latency and abuse once it receives data from your TURN servers
          and your web app. Set it up from a terminal in this folder:
        </p>
        <ol className="steps">
          <li>
            <strong>Add a TURN server</strong> {hasServers ? <span className="status">done</span> : null}
            <pre>
              <code>npx relayscope server add turn-eu-1 --region eu-west --url turn:turn.example.com:3478</code>
            </pre>
          </li>
          <li>
            <strong>Create a collector key</strong> for the agent on that server{" "}
            {state.collectorKeys > 0 ? <span className="status">done</span> : null}
            <pre>
              <code>npx relayscope key create --kind collector --name turn-eu-1-agent --server turn-eu-1</code>
            </pre>
          </li>
          <li>
            <strong>Start the coturn agent</strong> on the TURN host (coturn needs <code>verbose</code> and <code>new-log-timestamp</code>
            in turnserver.conf) {state.servers.some((s) => s.lastDeliveryAt) ? <span className="status">done</span> : null}
            <pre>
              <code>
                npx relayscope collect coturn --file /var/log/turn.log --server turn-eu-1 --push {"<this app's URL>"} --key{" "}
                {"<collector key>"}
              </code>
            </pre>
          </li>
          <li>
            <strong>Add your web app</strong> and an app key for the browser SDK (the origin is where your pages are served){" "}
            {state.apps.length > 0 && state.appKeys > 0 ? <span className="status">done</span> : null}
            <pre>
              <code>
                npx relayscope app add my-app --origin https://app.example.com{"\n"}npx relayscope key create --kind app --name my-app-web
                --app my-app
              </code>
            </pre>
          </li>
          <li>
            <strong>Load the SDK in your pages</strong> and watch each RTCPeerConnection{" "}
            {state.apps.some((a) => a.lastReportAt) ? <span className="status">done</span> : null}
            <pre>
              <code>
                {'<script src="'}
                {"<this app's URL>"}
                {'/sdk.js"></script>'}
                {"\n"}
                {'relayscope.monitor(pc, { appKey, endpoint: "<this app\'s URL>/api/ingest/getstats", callId, participantId });'}
              </code>
            </pre>
          </li>
          <li>
            <strong>Scrape the server&apos;s Prometheus metrics</strong> (coturn with <code>--prometheus</code>: live allocations per
            transport, 401 and Binding rates){" "}
            {state.servers.some((s) => s.targets.some((t) => t.up)) ? <span className="status">done</span> : null}
            <pre>
              <code>
                npx relayscope collect prometheus --url http://turn-eu-1:9641/metrics --server turn-eu-1 --push {"<this app's URL>"} --key{" "}
                {"<collector key>"}
              </code>
            </pre>
          </li>
        </ol>
      </section>
      {hasServers ? (
        <StatusTable
          id="servers"
          title="Servers"
          columns={["Name", "Region", "Software", "ICE urls", "Metrics", "Data"]}
          rows={state.servers.map((s) => ({
            key: s.name,
            cells: [s.name, s.region ?? "—", s.software, s.urls.join(", ") || "—", metricsStatus(s)],
            status: dataStatus(s),
          }))}
        />
      ) : null}
      {state.apps.length > 0 ? (
        <StatusTable
          id="apps"
          title="Apps"
          columns={["Name", "Tenant", "Allowed origins", "Calls"]}
          rows={state.apps.map((a) => ({
            key: `${a.tenant}/${a.name}`,
            cells: [a.name, a.tenant, a.origins.join(", ") || "none: browsers cannot send yet"],
            status: appStatus(a),
          }))}
        />
      ) : null}
    </>
  );
}

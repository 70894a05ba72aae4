import { getSetupState } from "../../lib/queries/get-setup-state";

// Reads the database on every request; nothing here can be prerendered at build time.
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const state = await getSetupState();
  const hasServers = state.servers.length > 0;
  return (
    <>
      <section className="panel" aria-labelledby="welcome">
        <h1 id="welcome">{hasServers ? "Waiting for relay data" : "No TURN servers yet"}</h1>
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
            <strong>Add a source.</strong> coturn logs, Prometheus metrics and the browser SDK each feed relayscope. Their collectors are
            not available in this version yet: the home page will show your data as soon as one is.
          </li>
        </ol>
      </section>
      {hasServers ? (
        <section className="panel" aria-labelledby="servers">
          <h2 id="servers">Servers</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Region</th>
                <th scope="col">Software</th>
                <th scope="col">ICE urls</th>
                <th scope="col">Data</th>
              </tr>
            </thead>
            <tbody>
              {state.servers.map((s) => (
                <tr key={s.name}>
                  <td>{s.name}</td>
                  <td>{s.region ?? "—"}</td>
                  <td>{s.software}</td>
                  <td>{s.urls.join(", ") || "—"}</td>
                  <td>
                    <span className="status">no data yet</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}

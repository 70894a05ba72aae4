// The log's own totals, computed with plain regular expressions independent of the collector's
// parser: what the database must hold after the collector has read the log.
import pg from "pg";

export type SessionTotals = {
  clientRxPackets: number;
  clientRxBytes: number;
  clientTxPackets: number;
  clientTxBytes: number;
  peerRxPackets: number;
  peerRxBytes: number;
  peerTxPackets: number;
  peerTxBytes: number;
};

export type LogTotals = {
  /** Keyed by the coturn session id without leading zeros (as bigint text). */
  sessions: Map<string, SessionTotals>;
  usageLines: number;
  authFailureLines: number;
  /** `incoming packet message processed, error <code>` lines per code. */
  messageErrors: Map<number, number>;
};

const USAGE = /session (\d{18}): (usage|peer usage): realm=<[^>]*>, username=<[^>]*>, rp=(\d+), rb=(\d+), sp=(\d+), sb=(\d+)/;
const MESSAGE_ERROR = /user <([^>]*)>: incoming packet message processed, error (\d{3}):/;

const empty = (): SessionTotals => ({
  clientRxPackets: 0,
  clientRxBytes: 0,
  clientTxPackets: 0,
  clientTxBytes: 0,
  peerRxPackets: 0,
  peerRxBytes: 0,
  peerTxPackets: 0,
  peerTxBytes: 0,
});

export function logTotals(text: string): LogTotals {
  const totals: LogTotals = { sessions: new Map(), usageLines: 0, authFailureLines: 0, messageErrors: new Map() };
  for (const line of text.split("\n")) {
    const u = USAGE.exec(line);
    if (u) {
      totals.usageLines++;
      const sid = BigInt(u[1]).toString();
      const t = totals.sessions.get(sid) ?? empty();
      const [rp, rb, sp, sb] = [u[3], u[4], u[5], u[6]].map(Number);
      if (u[2] === "usage") {
        t.clientRxPackets += rp;
        t.clientRxBytes += rb;
        t.clientTxPackets += sp;
        t.clientTxBytes += sb;
      } else {
        t.peerRxPackets += rp;
        t.peerRxBytes += rb;
        t.peerTxPackets += sp;
        t.peerTxBytes += sb;
      }
      totals.sessions.set(sid, t);
      continue;
    }
    if (line.includes("check_stun_auth:")) totals.authFailureLines++;
    const m = MESSAGE_ERROR.exec(line);
    // Empty-user 401s are the normal nonce challenge, not errors.
    if (m && !(m[2] === "401" && m[1] === "")) totals.messageErrors.set(Number(m[2]), (totals.messageErrors.get(Number(m[2])) ?? 0) + 1);
  }
  return totals;
}

/** The same totals as the database holds them for one server. */
export async function databaseTotals(url: string, serverName: string): Promise<Map<string, SessionTotals>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(
      `SELECT s.coturn_session_id::text AS sid,
              sum(s.client_rx_packets)::float8 AS "clientRxPackets", sum(s.client_rx_bytes)::float8 AS "clientRxBytes",
              sum(s.client_tx_packets)::float8 AS "clientTxPackets", sum(s.client_tx_bytes)::float8 AS "clientTxBytes",
              sum(s.peer_rx_packets)::float8 AS "peerRxPackets", sum(s.peer_rx_bytes)::float8 AS "peerRxBytes",
              sum(s.peer_tx_packets)::float8 AS "peerTxPackets", sum(s.peer_tx_bytes)::float8 AS "peerTxBytes"
         FROM relay_session s JOIN turn_server t ON t.id = s.server_id
        WHERE t.name = $1
        GROUP BY s.coturn_session_id`,
      [serverName],
    );
    const out = new Map<string, SessionTotals>();
    for (const r of rows) {
      const { sid, ...t } = r as { sid: string } & SessionTotals;
      out.set(sid, t);
    }
    return out;
  } finally {
    await c.end();
  }
}

/** Sessions whose database totals differ from the log's (empty when everything matches). */
export function totalsDiff(log: Map<string, SessionTotals>, db: Map<string, SessionTotals>): string[] {
  const diffs: string[] = [];
  for (const [sid, t] of log) {
    const d = db.get(sid);
    if (!d) {
      diffs.push(`session ${sid}: missing in the database`);
      continue;
    }
    for (const k of Object.keys(t) as (keyof SessionTotals)[])
      if (t[k] !== d[k]) diffs.push(`session ${sid} ${k}: log ${t[k]}, database ${d[k]}`);
  }
  for (const [sid, d] of db) {
    if (!log.has(sid) && Object.values(d).some((v) => v !== 0)) diffs.push(`session ${sid}: bytes in the database but none in the log`);
  }
  return diffs;
}

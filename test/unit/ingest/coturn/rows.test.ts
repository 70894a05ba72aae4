import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CoturnEventParsed } from "../../../../collectors/schema/coturn";
import { addressReader } from "../../../../lib/ingest/coturn/addresses";
import { buildRows } from "../../../../lib/ingest/coturn/rows";
import { sessionId } from "../../../../lib/ingest/coturn/sessions";
import { validateEvents } from "../../../../lib/ingest/coturn/validate";
import { ev, T0 } from "../../../support/coturn-batch";

const ctx = {
  serverId: "00000000-0000-0000-0000-000000000001",
  fileId: "f",
  tenantOf: (realm: string | null) => (realm === "a.test" ? "tenant-a" : "default"),
  readAddress: addressReader({ version: 1, key: Buffer.alloc(32, 1) }),
};
const rows = (events: unknown[]) =>
  buildRows(
    ctx,
    validateEvents(events, T0 + 86_400_000).valid.map((v) => v.event as CoturnEventParsed),
  );

describe("buildRows: sessions", () => {
  it("merges all lines of a session into one row: earliest start and end, latest last seen, later facts win", () => {
    const r = rows([
      ev.session({ pos: 30, ts: T0 + 30, run: T0, sid: "000000000000000007", ended: "allocation timeout", client: "81.2.69.1:9" }),
      ev.session({ pos: 10, ts: T0 + 10, run: T0, sid: "7", realm: "a.test", username: "1795336472:ann", allocated: true }),
      ev.usage({ pos: 20, ts: T0 + 20, run: T0, sid: "7", leg: "client", rp: 1, rb: 1, sp: 1, sb: 1, realm: "b.test" }),
      ev.session({ pos: 40, ts: T0 + 40, run: T0, sid: "7", ended: "server restart" }),
      ev.event({ pos: 50, ts: T0 + 50, run: T0, sid: "7", kind: "error", code: 500 }),
    ]);
    assert.equal(r.sessions.length, 1);
    const s = r.sessions[0];
    assert.equal(s.id, sessionId(ctx.serverId, T0, "7"));
    assert.equal(s.coturn_session_id, "7");
    assert.equal(s.realm, "a.test", "a session line's realm beats a usage line's");
    assert.equal(s.tenant_id, "tenant-a");
    assert.equal(s.stable_user, "ann");
    assert.equal(s.started_at, new Date(T0 + 10).toISOString());
    assert.equal(s.allocated_at, new Date(T0 + 10).toISOString());
    assert.equal(s.last_seen_at, new Date(T0 + 50).toISOString());
    assert.equal(s.ended_at, new Date(T0 + 30).toISOString());
    assert.equal(s.close_reason, "allocation timeout");
    assert.equal(s.client_prefix, "81.2.69.0/24");
    assert.equal(r.runs.length, 1);
    assert.deepEqual(r.restarts, [], "only banners end runs");
  });

  it("one row per position: a repeated line is not a second delta", () => {
    const u = ev.usage({ pos: 20, ts: T0, run: T0, sid: "7", leg: "client", rp: 1, rb: 1, sp: 1, sb: 1 });
    assert.equal(rows([u, { ...u, ts: T0 + 1 }]).usage.length, 1);
  });
});

describe("buildRows: peers and runs", () => {
  it("merges peer grants, keeps full addresses of special-purpose peers only, and collects deletes", () => {
    const p = (pos: number, peer: string, grant?: "permission" | "channel", deleted?: boolean) =>
      ev.peer({ pos, ts: T0 + pos, run: T0, sid: "1", peer, grant, deleted });
    const r = rows([
      p(1, "81.2.69.5:1000", "permission"),
      p(2, "81.2.69.5:2000", "permission"),
      p(3, "81.2.69.5:2000", "channel"),
      p(4, "10.0.0.1", "permission"),
      p(5, "81.2.69.5", undefined, true),
    ]);
    assert.equal(r.peers.length, 3);
    const perm = r.peers.find((x) => x.grant === "permission" && x.peer_class === "public")!;
    assert.deepEqual([perm.peer_address, perm.peer_port, perm.seen.length], [null, 2000, 2]);
    assert.equal(r.peers.find((x) => x.peer_class === "private")?.peer_address, "10.0.0.1");
    assert.equal(r.peerDeletes.length, 1);
  });

  it("banners become restarts; the newest banner's version is the server's", () => {
    const r = rows([
      ev.run({ pos: 1, ts: T0, version: "4.6.1" }),
      ev.run({ pos: 2, ts: T0 + 1000, version: "4.17.1" }),
      ev.run({ pos: 3, ts: T0 + 2000, inferred: true }),
    ]);
    assert.equal(r.runs.length, 3);
    assert.equal(r.restarts.length, 2);
    assert.equal(r.newestVersion?.version, "4.17.1");
  });
});

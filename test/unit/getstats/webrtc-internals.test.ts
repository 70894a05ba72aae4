// The webrtc-internals importer replays a real Chromium 156 dump (test/fixtures/getstats/webrtc-internals):
// a relayed call between two connections through coturn on loopback, and a third connection whose
// TURN password was wrong. Expectations are read from the dump's own series, so the fixture can be
// regenerated: path kind, relay port (= the local relay candidate's), byte totals (= the selected
// pair's final counters), the 401, wire validity, no address, idempotent ids, and clear refusals.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { forcedRelayOf, readUpdateLog } from "../../../collectors/getstats/import/update-log";
import {
  decodeDump,
  type ImportedConnection,
  importWebrtcInternals,
  pollsToSummarise,
  WebrtcInternalsDumpError,
} from "../../../collectors/getstats/import/webrtc-internals";
import { getstatsBody, getstatsItem } from "../../../collectors/schema/getstats";

const FIXTURE = path.join(import.meta.dirname, "../../fixtures/getstats/webrtc-internals/relay-udp.json");
const bytes = readFileSync(FIXTURE);

type RawSeries = { statsType: string; startTime: string; endTime: string; values: string };
type RawPc = {
  url: string;
  rtcConfiguration: string;
  updateLog: { type: string; value: string; timestamp: number }[];
  stats: Record<string, RawSeries>;
};
type RawDump = { PeerConnections: Record<string, RawPc> };

/** A fresh copy each time: tests change it. */
const dump = (): RawDump => JSON.parse(bytes.toString("utf8"));
const series = (pc: RawPc, key: string): unknown[] => JSON.parse(pc.stats[key].values);
const last = (pc: RawPc, key: string) => series(pc, key).at(-1);

/** The dump read the plain way: the selected pair and the local candidate at the end of the capture. */
function finalPath(pc: RawPc) {
  const transport = Object.keys(pc.stats).find((k) => k.endsWith("-selectedCandidatePairId"));
  if (!transport) return undefined;
  const pair = String(last(pc, transport));
  const local = String(last(pc, `${pair}-localCandidateId`));
  return {
    pair,
    bytesSent: last(pc, `${pair}-bytesSent`),
    bytesReceived: last(pc, `${pair}-bytesReceived`),
    packetsSent: last(pc, `${pair}-packetsSent`),
    packetsReceived: last(pc, `${pair}-packetsReceived`),
    candidateType: last(pc, `${local}-candidateType`),
    port: last(pc, `${local}-port`),
    url: last(pc, `${local}-url`),
  };
}

const itemsOf = (c: ImportedConnection) => c.bodies.flatMap((b) => b.items as Record<string, unknown>[]);
const statsItemsOf = (c: ImportedConnection) => itemsOf(c).filter((i) => i.type === "stats");
const sum = (items: Record<string, unknown>[], field: string) => items.reduce((s, i) => s + (i.delta as Record<string, number>)[field], 0);

describe("webrtc-internals import: the real Chromium dump", () => {
  const raw = dump();
  const result = importWebrtcInternals(decodeDump(bytes), { fileName: "webrtc_internals_dump.txt" });
  const byKey = new Map(result.connections.map((c) => [c.key, c]));
  const relayed = Object.entries(raw.PeerConnections).filter(([, pc]) => finalPath(pc));
  const failed = Object.entries(raw.PeerConnections).filter(([, pc]) => pc.updateLog.some((e) => e.type.endsWith("icecandidateerror")));

  it("has the call's two relayed connections and the wrong-password one, every one forced through the relay", () => {
    assert.equal(result.connections.length, 3);
    assert.equal(relayed.length, 2);
    assert.equal(failed.length, 1);
    assert.deepEqual(result.warnings, []);
    for (const c of result.connections) {
      assert.equal(c.forcedRelay, true, `${c.key}: iceTransportPolicy relay`);
      assert.match(c.url ?? "", /^http:\/\/127\.0\.0\.1:\d+\/call$/);
    }
  });

  for (const [key, pc] of relayed) {
    it(`${key}: turn-udp through the coturn, relay port = the local relay candidate's port`, () => {
      const expected = finalPath(pc)!;
      assert.equal(expected.candidateType, "relay");
      const stats = statsItemsOf(byKey.get(key)!);
      assert.ok(stats.length >= 2, "summaries every 10 s and one at the end");
      for (const s of stats) {
        assert.equal(s.pathKind, "turn-udp");
        assert.equal(s.relayProtocol, "udp");
        assert.equal(s.localCandidateType, "relay");
        assert.equal(s.remoteCandidateType, "relay");
        assert.equal(s.relayPort, expected.port);
        assert.equal(s.turnUrl, expected.url);
        assert.match(String(s.turnUrl), /^turn:127\.0\.0\.1:\d+\?transport=udp$/);
        assert.ok(typeof s.rttMs === "number" && s.rttMs >= 0 && s.rttMs < 10, "consent RTT on loopback");
      }
      // The relay port also is the one of the relay candidate the page gathered (updateLog onicecandidate).
      const gathered = pc.updateLog
        .filter((e) => e.type.endsWith("icecandidate"))
        .map((e) => / (\d+) typ relay /.exec(JSON.parse(e.value).candidate)?.[1]);
      assert.deepEqual(gathered.map(Number), [expected.port]);
    });

    it(`${key}: the volume adds up to the selected pair's final counters`, () => {
      const expected = finalPath(pc)!;
      const stats = statsItemsOf(byKey.get(key)!);
      assert.ok(Number(expected.bytesSent) > 10_000, "audio and data channel moved bytes");
      assert.equal(sum(stats, "bytesSent"), expected.bytesSent);
      assert.equal(sum(stats, "bytesReceived"), expected.bytesReceived);
      assert.equal(sum(stats, "packetsSent"), expected.packetsSent);
      assert.equal(sum(stats, "packetsReceived"), expected.packetsReceived);
      assert.equal(stats.at(-1)?.sampledAt, last(pc, `${expected.pair}-timestamp`), "the last summary is the last poll");
    });

    it(`${key}: connecting, then connected with the time from the first API call`, () => {
      const states = itemsOf(byKey.get(key)!).filter((i) => i.type === "state");
      assert.deepEqual(
        states.map((s) => s.state),
        ["connecting", "connected"],
      );
      const connectedAt = pc.updateLog.find((e) => e.type === "onconnectionstatechange" && e.value === '"connected"')!.timestamp;
      assert.equal(states[1].at, connectedAt);
      assert.equal(states[1].timeToConnectMs, Math.round((connectedAt - pc.updateLog[0].timestamp) * 1000) / 1000);
      assert.ok(Number(states[1].timeToConnectMs) > 0 && Number(states[1].timeToConnectMs) < 10_000);
    });
  }

  it("the wrong password: the 401 from the TURN server, with its url and never the client's address", () => {
    const [key, pc] = failed[0];
    const items = itemsOf(byKey.get(key)!);
    const errors = items.filter((i) => i.type === "ice-error");
    const entry = pc.updateLog.find((e) => e.type === "onicecandidateerror")!;
    assert.match(entry.value, /"address"/, "Chromium writes the (masked) host address; the import must drop it");
    assert.deepEqual(errors, [
      { sequence: 0, type: "ice-error", at: entry.timestamp, errorCode: 401, url: JSON.parse(entry.value).url, errorText: "Unauthorized." },
    ]);
    assert.match(String(errors[0].url), /^turn:127\.0\.0\.1:\d+\?transport=udp$/);
    for (const s of items.filter((i) => i.type === "stats")) {
      assert.equal(s.pathKind, null, "never connected");
      assert.deepEqual(s.delta, { bytesSent: 0, bytesReceived: 0, packetsSent: 0, packetsReceived: 0 });
    }
  });

  it("every body and every item passes the wire schema; sequences count up from 0", () => {
    for (const c of result.connections) {
      assert.ok(c.bodies.length >= 1);
      let next = 0;
      for (const body of c.bodies) {
        const parsed = getstatsBody.safeParse(body);
        assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
        assert.equal(body.sdkVersion, "import-webrtc-internals/1");
        assert.equal(body.version, 1);
        assert.equal(body.connectionId, c.connectionId);
        assert.equal(body.participantId, "webrtc-internals");
        assert.ok(body.items.length <= 100);
        for (const item of body.items) {
          const p = getstatsItem.safeParse(item);
          assert.ok(p.success, JSON.stringify(p.error?.issues));
          assert.equal((item as { sequence: number }).sequence, next++);
        }
      }
    }
  });

  it("nothing in the bodies is an address other than loopback, nor a credential", () => {
    const text = JSON.stringify(result.connections.map((c) => c.bodies));
    const ipv4 = [...text.matchAll(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g)].map((m) => m[0]);
    assert.ok(ipv4.length > 0, "the TURN url is on loopback");
    assert.deepEqual(
      ipv4.filter((ip) => !ip.startsWith("127.")),
      [],
    );
    // No candidate address field: only `relayAddress`, the TURN server's relay address (loopback here).
    assert.doesNotMatch(text, /192\.0\.2|"address"|"ip"|host_candidate|candidate:|username|credential|alicepw/i);
    assert.deepEqual([...new Set([...text.matchAll(/"relayAddress":"([^"]+)"/g)].map((m) => m[1]))], ["127.0.0.1"]);
    assert.doesNotMatch(text, /\b[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}\b/i, "no IPv6 either");
  });

  it("a re-import gives the same ids and bodies; each connection its own id", () => {
    const again = importWebrtcInternals(decodeDump(bytes), { fileName: "/downloads/webrtc_internals_dump.txt" });
    assert.deepEqual(again, result);
    assert.equal(new Set(result.connections.map((c) => c.connectionId)).size, 3);
    assert.match(result.callId, /^webrtc-internals-[0-9a-f]{16}$/, "Chromium's default file name is no call id");
    for (const c of result.connections) assert.match(c.connectionId, /^wi-\d+-\d+-[0-9a-f]{16}$/);
    // The call id does not change the connection ids; a named file names the call.
    const named = importWebrtcInternals(decodeDump(bytes), { fileName: "support/ticket-4711.json.gz", participantId: "bob" });
    assert.equal(named.callId, "ticket-4711");
    assert.deepEqual(
      named.connections.map((c) => c.connectionId),
      result.connections.map((c) => c.connectionId),
    );
    assert.equal(named.connections[0].bodies[0].participantId, "bob");
    assert.equal(importWebrtcInternals(decodeDump(bytes), { callId: "call-1" }).callId, "call-1");
  });

  it("the same key in another browser run (other times) is another connection", () => {
    const other = dump();
    const pc = Object.values(other.PeerConnections)[0];
    for (const e of pc.updateLog) e.timestamp += 3_600_000;
    const [a] = importWebrtcInternals(other).connections;
    assert.equal(a.key, result.connections[0].key);
    assert.notEqual(a.connectionId, result.connections[0].connectionId);
  });

  it("the gzip the page downloads by default reads the same", () => {
    assert.deepEqual(decodeDump(gzipSync(bytes)), decodeDump(bytes));
  });

  it("a 1 s interval summarises every poll, and the totals still add up", () => {
    const [key, pc] = relayed[0];
    const fine = importWebrtcInternals(decodeDump(bytes), { intervalMs: 1000 }).connections.find((c) => c.key === key)!;
    const expected = finalPath(pc)!;
    const stats = statsItemsOf(fine);
    assert.equal(stats.length, series(pc, `${expected.pair}-timestamp`).length);
    assert.equal(sum(stats, "bytesSent"), expected.bytesSent);
    // The RTCP round trip is there from the poll the remote-inbound-rtp object first shows up in.
    const withRtcp = stats.filter((s) => s.mediaRttMs !== undefined);
    const rtcpKey = Object.keys(pc.stats).find((k) => pc.stats[k].statsType === "remote-inbound-rtp" && k.endsWith("-timestamp"))!;
    assert.equal(withRtcp.length, series(pc, rtcpKey).length);
    assert.equal(withRtcp.at(-1)?.mediaRttMs, Math.round(Number(last(pc, rtcpKey.replace(/timestamp$/, "roundTripTime"))) * 1e6) / 1e3);
  });
});

describe("webrtc-internals import: what is wrong is named", () => {
  const refuses = (input: unknown, message: RegExp) =>
    assert.throws(
      () => importWebrtcInternals(input),
      (err: unknown) => err instanceof WebrtcInternalsDumpError && message.test(err.message),
    );

  it("refuses what is not a webrtc-internals dump, saying where and why", () => {
    refuses(null, /\(root\): the dump is not a JSON object/);
    refuses([], /\(root\): the dump is not a JSON object/);
    refuses({ UserAgent: "x" }, /PeerConnections: missing: not a chrome:\/\/webrtc-internals dump/);
    refuses({ PeerConnections: [] }, /PeerConnections: expected an object of peer connections/);
    refuses(
      { PeerConnections: { "1-1": "x" } },
      /PeerConnections\["1-1"\]: expected an object with url, rtcConfiguration, updateLog and stats/,
    );
    refuses({ PeerConnections: { "1-1": { updateLog: {} } } }, /PeerConnections\["1-1"\]\.updateLog: expected an array/);
    refuses(
      { PeerConnections: { "1-1": { stats: [] } } },
      /PeerConnections\["1-1"\]\.stats: expected an object of "<statsId>-<field>" series/,
    );
    refuses({ PeerConnections: { "1-1": { url: "x".repeat(5000) } } }, /PeerConnections\["1-1"\]\.url: /);
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`1-${i}`, {}]));
    refuses({ PeerConnections: many }, /PeerConnections: more than 100 peer connections/);
  });

  it("refuses a file that is not JSON, and the other download button's format by name", () => {
    assert.throws(() => decodeDump("{ PeerConnections"), /not JSON/);
    assert.throws(() => decodeDump('{"fileFormat":3}\n["create","1",{}]\n'), /rtcstats dump.*webrtc-internals dump/);
    assert.throws(() => decodeDump(Buffer.from([0x1f, 0x8b, 1, 2, 3])), /gzip/);
  });

  it("refuses options the wire cannot take", () => {
    const ok = decodeDump(bytes);
    assert.throws(() => importWebrtcInternals(ok, { intervalMs: 10 }), /intervalMs: /);
    assert.throws(() => importWebrtcInternals(ok, { callId: "has spaces" }), /callId: 1–128 printable ASCII/);
  });

  it("a malformed series or log entry is a warning for it; the rest is imported", () => {
    const broken = dump();
    const [key, pc] = Object.entries(broken.PeerConnections).find(([, p]) => finalPath(p))!;
    const good = importWebrtcInternals(dump()).connections.find((c) => c.key === key)!;
    const codecKey = Object.keys(pc.stats).find((k) => pc.stats[k].statsType === "codec" && k.endsWith("-mimeType"))!;
    const dcKey = Object.keys(pc.stats).find((k) => pc.stats[k].statsType === "data-channel" && k.endsWith("-label"))!;
    pc.stats[codecKey].values = "[1, 2";
    (pc.stats[dcKey] as unknown as { values: number }).values = 42;
    pc.stats.nodash = pc.stats[dcKey];
    (pc.updateLog as unknown[]).splice(1, 0, { value: "no type" });
    const r = importWebrtcInternals(broken);
    const messages = r.warnings.filter((w) => w.connection === key).map((w) => w.message);
    assert.equal(messages.length, 4, messages.join("\n"));
    assert.ok(messages.some((m) => m.includes(JSON.stringify(codecKey)) && m.includes("not JSON")));
    assert.ok(messages.some((m) => m.includes(JSON.stringify(dcKey)) && m.includes("values")));
    assert.ok(messages.some((m) => m.includes('"nodash"') && m.includes("<statsId>-<field>")));
    assert.ok(messages.some((m) => m.startsWith("updateLog[1]: type: ")));
    const c = r.connections.find((x) => x.key === key)!;
    assert.deepEqual(c.bodies, good.bodies, "the broken series were not ones the summary reads");
  });

  it("a dump without connections imports nothing and says why", () => {
    const r = importWebrtcInternals({ PeerConnections: {} });
    assert.deepEqual(r.connections, []);
    assert.match(r.warnings[0].message, /no peer connections/);
  });
});

describe("webrtc-internals import: older Chromium spellings", () => {
  it("bare values, `time` strings and the key: value ICE error read like Chromium 156's", () => {
    const warnings: string[] = [];
    const log = readUpdateLog(
      [
        { type: "createOffer", value: "", time: "11/21/2026, 2:55:16 PM" },
        { type: "connectionstatechange", value: "connected", time: "11/21/2026, 2:55:17 PM" },
        {
          type: "icecandidateerror",
          value:
            "url: turn:turn.example.com:3478?transport=udp, address: 10.1.2.x, port: 1234, host_candidate: 10.1.2.x:1234, error_text: Unauthorized, error_code: 401",
          time: "11/21/2026, 12:00:01 AM",
        },
      ],
      (m) => warnings.push(m),
    );
    assert.equal(log.firstAt, Date.UTC(2026, 10, 21, 14, 55, 16));
    assert.deepEqual(log.states, [{ at: Date.UTC(2026, 10, 21, 14, 55, 17), state: "connected" }]);
    assert.deepEqual(log.iceErrors, [
      {
        at: Date.UTC(2026, 10, 21, 0, 0, 1),
        error: { url: "turn:turn.example.com:3478?transport=udp", errorCode: 401, errorText: "Unauthorized" },
      },
    ]);
    assert.deepEqual(warnings, [
      "updateLog times are local times without a zone (older Chromium): read as UTC, so they may be off by the browser's offset",
    ]);
  });

  it("iceTransportPolicy from the JSON configuration and from the older printed one", () => {
    assert.equal(forcedRelayOf(dump().PeerConnections[Object.keys(dump().PeerConnections)[0]].rtcConfiguration), true);
    assert.equal(forcedRelayOf("{ iceServers: [turn:t.example:3478], iceTransportPolicy: relay, bundlePolicy: balanced }"), true);
    assert.equal(forcedRelayOf("{ iceServers: [], iceTransportPolicy: all, bundlePolicy: balanced }"), false);
    assert.equal(forcedRelayOf({ iceTransportPolicy: "all" }), false);
    assert.equal(forcedRelayOf("{ iceServers: [] }"), undefined);
  });

  it("picks a poll every interval and always the last", () => {
    assert.deepEqual(pollsToSummarise([0, 1000, 2000, 9600, 10_000, 19_700, 21_000], 10_000), [0, 3, 5, 6]);
    assert.deepEqual(pollsToSummarise([], 10_000), []);
  });
});

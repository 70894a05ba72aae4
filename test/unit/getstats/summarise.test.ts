// The SDK's summariser replays the shared Chromium captures (test/fixtures/getstats): path kind,
// relay protocol, TURN url, relay port (= the local relay candidate's port, the join key), RTT,
// volume deltas with the reset guard, and the 401 ICE error of a wrong TURN password.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { iceCandidateError } from "../../../collectors/getstats/sdk/ice-error";
import type { StatsEntry } from "../../../collectors/getstats/sdk/stats";
import { initialState, type SummaryState, summarise } from "../../../collectors/getstats/sdk/summarise";

type Capture = {
  config: { iceTransportPolicy?: string };
  iceCandidateErrors: Record<string, unknown>[];
  offererSnapshots: StatsEntry[][];
};

const capture = (name: string): Capture =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, "../../fixtures/getstats", `${name}.json`), "utf8"));

/** The capture's snapshots summarised in order, each from the state the one before left. */
function replay(name: string) {
  let state: SummaryState = initialState();
  return capture(name).offererSnapshots.map((snapshot) => {
    const r = summarise(snapshot, state);
    state = r.state;
    return r.summary;
  });
}

describe("getStats summariser on the Chromium captures", () => {
  const relayed = [
    {
      name: "relay-udp",
      kind: "turn-udp",
      proto: "udp",
      url: "turn:127.0.0.1:13478?transport=udp",
      port: 50055,
      sent: [66279, 128168, 190262],
    },
    {
      name: "relay-tcp",
      kind: "turn-tcp",
      proto: "tcp",
      url: "turn:127.0.0.1:13478?transport=tcp",
      port: 50078,
      sent: [68468, 130167, 192211],
    },
    {
      name: "relay-tls",
      kind: "turn-tls",
      proto: "tls",
      url: "turns:localhost:15349?transport=tcp",
      port: 50061,
      sent: [70533, 133008, 196481],
    },
  ] as const;

  for (const c of relayed) {
    it(`${c.name}: ${c.kind} through ${c.url}, relay port ${c.port}`, () => {
      const summaries = replay(c.name);
      for (const s of summaries) {
        assert.equal(s.pathKind, c.kind);
        assert.equal(s.relayProtocol, c.proto);
        assert.equal(s.turnUrl, c.url);
        assert.equal(s.relayPort, c.port);
        assert.equal(s.relayAddress, "127.0.0.1", "the TURN server's relay address");
        assert.equal(s.localCandidateType, "relay");
        assert.equal(s.remoteCandidateType, "relay");
        assert.equal(s.rttMs, 1, "ICE consent RTT on loopback: 1 ms");
        assert.equal(s.pathChanged, false);
      }
      // Cumulative bytes on the selected pair become deltas: the first from zero, then the growth.
      assert.deepEqual(
        summaries.map((s) => s.delta.bytesSent),
        [c.sent[0], c.sent[1] - c.sent[0], c.sent[2] - c.sent[1]],
      );
      assert.ok(summaries.every((s) => s.mediaRttMs !== undefined && s.mediaRttMs > 0 && s.mediaRttMs < 5));
      assert.equal(capture(c.name).config.iceTransportPolicy, "relay", "these calls were forced through the relay");
    });
  }

  it("direct-host: the transport's selected pair wins over another nominated one; direct, no relay fields", () => {
    const [first, second] = replay("direct-host");
    assert.equal(first.pathKind, "direct");
    assert.equal(first.localCandidateType, "host");
    assert.equal(first.remoteCandidateType, "host");
    assert.equal(first.turnUrl, undefined);
    assert.equal(first.relayPort, undefined);
    assert.equal(first.relayAddress, undefined, "a host candidate's address is the client's: never sent");
    assert.equal(first.delta.bytesSent, 61717, "the selected pair's bytes, not the other nominated pair's 10601");
    assert.equal(second.delta.bytesSent, 124628 - 61717);
    assert.equal(first.rttMs, 0);
    assert.equal(second.rttMs, 1);
  });

  it("relay-bad-credential: no path, no volume, and the 401 ICE error with its server's url (never the client address)", () => {
    const summaries = replay("relay-bad-credential");
    for (const s of summaries) {
      assert.equal(s.pathKind, null);
      assert.deepEqual(s.delta, { bytesSent: 0, bytesReceived: 0, packetsSent: 0, packetsReceived: 0 });
      assert.equal(s.rttMs, undefined);
    }
    const errors = capture("relay-bad-credential").iceCandidateErrors.map(iceCandidateError);
    assert.deepEqual(errors, [{ url: "turn:127.0.0.1:13478?transport=udp", errorCode: 401, errorText: "Unauthorized." }]);
  });
});

describe("getStats summariser: counters", () => {
  const pair = (id: string, bytesSent: number) => [
    { id: "T", type: "transport", selectedCandidatePairId: id },
    {
      id,
      type: "candidate-pair",
      timestamp: 1000,
      state: "succeeded",
      nominated: true,
      localCandidateId: "L",
      remoteCandidateId: "R",
      bytesSent,
      bytesReceived: 0,
      packetsSent: 0,
      packetsReceived: 0,
    },
    { id: "L", type: "local-candidate", candidateType: "relay", relayProtocol: "udp", url: "turn:t.example:3478", port: 50000 },
    { id: "R", type: "remote-candidate", candidateType: "srflx" },
  ];

  it("a counter that went down is a reset: its new value is the delta", () => {
    const a = summarise(pair("P1", 5000));
    const b = summarise(pair("P1", 300), a.state);
    assert.equal(b.summary.delta.bytesSent, 300);
    assert.equal(b.summary.pathChanged, false);
  });

  it("a new selected pair is a path change and is measured from zero", () => {
    const a = summarise(pair("P1", 5000));
    const b = summarise(pair("P2", 7000), a.state);
    assert.equal(b.summary.pathChanged, true);
    assert.equal(b.summary.delta.bytesSent, 7000);
  });

  it("a path that switches back is measured from where its pair left off, not again from zero", () => {
    const a = summarise(pair("A", 1000));
    const b = summarise(pair("B", 500), a.state);
    const c = summarise(pair("A", 1100), b.state);
    assert.equal(c.summary.pathChanged, true);
    assert.equal(c.summary.delta.bytesSent, 100);
    assert.equal(a.summary.delta.bytesSent + b.summary.delta.bytesSent + c.summary.delta.bytesSent, 1600);
  });

  it("a poll without a selected pair moves nothing and forgets nothing", () => {
    const a = summarise(pair("A", 1000));
    const gap = summarise([{ id: "T", type: "transport" }], a.state);
    assert.equal(gap.summary.pathKind, null);
    assert.equal(gap.summary.delta.bytesSent, 0);
    const back = summarise(pair("A", 1200), gap.state);
    assert.equal(back.summary.delta.bytesSent, 200);
    assert.equal(back.summary.pathChanged, false);
  });

  it("loss is counted per stream: a stream that ends is no reset of the others", () => {
    const streams = (lost: Record<string, number>) => [
      ...pair("A", 0),
      ...Object.entries(lost).map(([id, packetsLost]) => ({ id, type: "remote-inbound-rtp", packetsLost })),
    ];
    const a = summarise(streams({ audio: 5, video: 20 }));
    const b = summarise(streams({ audio: 7, video: 25 }), a.state);
    const c = summarise(streams({ audio: 9 }), b.state);
    assert.deepEqual([a.summary.packetsLostDelta, b.summary.packetsLostDelta, c.summary.packetsLostDelta], [25, 7, 2]);
  });

  it("a remote relay with a local non-relay candidate is turn-unknown; a Map (RTCStatsReport) reads like a list", () => {
    const entries = pair("P1", 1).map((e) =>
      e.id === "L" ? { ...e, candidateType: "host" } : e.id === "R" ? { ...e, candidateType: "relay" } : e,
    );
    const report = new Map(entries.map((e) => [e.id, e]));
    const s = summarise(report).summary;
    assert.equal(s.pathKind, "turn-unknown");
    assert.equal(s.relayPort, undefined);
  });

  it("falls back to the nominated succeeded pair that moved the most when no transport names one", () => {
    const entries = [
      ...pair("P1", 10).filter((e) => e.type !== "transport"),
      {
        id: "P2",
        type: "candidate-pair",
        state: "succeeded",
        nominated: true,
        localCandidateId: "L",
        remoteCandidateId: "R",
        bytesSent: 9000,
      },
    ];
    assert.equal(summarise(entries).summary.delta.bytesSent, 9000);
  });

  it("an ICE error without a numeric code is dropped; long texts are bounded", () => {
    assert.equal(iceCandidateError({ url: "turn:x", errorCode: "401" }), null);
    assert.equal(iceCandidateError({ errorCode: 701, errorText: "x".repeat(1000) })?.errorText?.length, 256);
  });
});

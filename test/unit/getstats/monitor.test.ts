// The SDK's monitor loop on the real Chromium captures, with the browser around it (clock, network,
// page lifecycle) played by the test: what it sends, when it holds back (429, outages), what it
// keeps (bounded), and that nothing it does can throw into the host page.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { type MonitorEnvironment, monitor, type PeerConnectionLike } from "../../../collectors/getstats/sdk/monitor";
import type { StatsEntry } from "../../../collectors/getstats/sdk/stats";
import { getstatsBody, getstatsItem } from "../../../collectors/schema/getstats";

const snapshots = (name: string): StatsEntry[][] =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, "../../fixtures/getstats", `${name}.json`), "utf8")).offererSnapshots;

type Sent = { url: string; accepted: boolean; body: { connectionId: string; forcedRelay: boolean; items: Record<string, unknown>[] } };

/** A peer connection that answers getStats with a capture's snapshots, in order (the last one repeats). */
function capturedPeer(name: string, policy?: string) {
  const snaps = snapshots(name);
  const listeners = new Map<string, ((e: unknown) => void)[]>();
  let calls = 0;
  const pc: PeerConnectionLike & { connectionState: string; fire(type: string, e?: unknown): void; failStats: boolean } = {
    connectionState: "new",
    failStats: false,
    async getStats() {
      if (pc.failStats) throw new Error("InvalidStateError: the connection is closed");
      return snaps[Math.min(calls++, snaps.length - 1)];
    },
    getConfiguration: () => (policy ? { iceTransportPolicy: policy } : {}),
    addEventListener: (t, fn) => listeners.set(t, [...(listeners.get(t) ?? []), fn]),
    removeEventListener: (t, fn) =>
      listeners.set(
        t,
        (listeners.get(t) ?? []).filter((f) => f !== fn),
      ),
    fire: (t, e) => {
      for (const fn of listeners.get(t) ?? []) fn(e);
    },
  };
  return pc;
}

/** The browser: a clock the test moves, a network that answers as told, a page that can be hidden. */
function browser(answer: (n: number) => { status: number; retryAfterMs?: number } | "network error" = () => ({ status: 200 })) {
  let now = 1_795_250_890_000;
  let tick: (() => void) | null = null;
  let hide: (() => void) | null = null;
  const sent: Sent[] = [];
  const beacons: Sent[] = [];
  const env: MonitorEnvironment = {
    now: () => now,
    every: (_ms, fn) => {
      tick = fn;
      return () => {
        tick = null;
      };
    },
    post: async (url, body) => {
      const a = answer(sent.length + 1);
      sent.push({ url, accepted: a !== "network error" && a.status < 300, body: JSON.parse(body) });
      if (a === "network error") throw new TypeError("Failed to fetch");
      return a;
    },
    beacon: (url, body) => {
      beacons.push({ url, accepted: true, body: JSON.parse(body) });
      return true;
    },
    onPageHide: (fn) => {
      hide = fn;
      return () => {
        hide = null;
      };
    },
    randomId: () => "pc-test-1",
  };
  return {
    env,
    sent,
    beacons,
    advance: (ms: number) => {
      now += ms;
    },
    /** One timer tick, and everything it started. */
    async tick() {
      tick?.();
      await new Promise((r) => setTimeout(r, 5));
    },
    hide: () => hide?.(),
    get timerRunning() {
      return tick !== null;
    },
  };
}

const options = { appKey: "app_pub_123", endpoint: "https://rs.example/api/ingest/getstats", callId: "call-9", participantId: "alice" };

describe("SDK monitor", () => {
  it("sends one valid body per poll: the capture's path, forced relay from the configuration, sequences in order", async () => {
    const pc = capturedPeer("relay-udp", "relay");
    const b = browser();
    const m = monitor(pc, options, b.env);
    for (let i = 0; i < 3; i++) {
      b.advance(2000);
      await b.tick();
    }
    await m.stop();
    assert.equal(b.sent[0].url, "https://rs.example/api/ingest/getstats?key=app_pub_123");
    const items = b.sent.flatMap((s) => s.body.items);
    assert.deepEqual(
      items.map((i) => i.sequence),
      [0, 1, 2, 3],
      "three polls and the last one at stop",
    );
    for (const s of b.sent) {
      assert.equal(getstatsBody.safeParse(s.body).success, true);
      assert.equal(s.body.forcedRelay, true);
      assert.equal(s.body.connectionId, "pc-test-1");
    }
    for (const i of items) {
      assert.equal(getstatsItem.safeParse(i).success, true);
      assert.equal(i.pathKind, "turn-udp");
      assert.equal(i.relayPort, 50055);
    }
    assert.equal(b.timerRunning, false, "stop() cancels the timer");
  });

  it("records state changes with the time to the first `connected`, and ICE errors without the client address", async () => {
    const pc = capturedPeer("relay-bad-credential", "relay");
    const b = browser();
    const m = monitor(pc, options, b.env);
    b.advance(1500);
    pc.connectionState = "connected";
    pc.fire("connectionstatechange");
    pc.connectionState = "connected";
    pc.fire("connectionstatechange");
    pc.fire("icecandidateerror", {
      url: "turn:127.0.0.1:13478?transport=udp",
      errorCode: 401,
      errorText: "Unauthorized.",
      address: "192.0.2.7",
      port: 5,
    });
    await b.tick();
    await m.stop();
    const items = b.sent.flatMap((s) => s.body.items);
    const states = items.filter((i) => i.type === "state");
    assert.deepEqual(
      states.map((s) => [s.state, s.timeToConnectMs]),
      [
        ["connected", 1500],
        ["connected", undefined],
      ],
    );
    const [err] = items.filter((i) => i.type === "ice-error");
    assert.deepEqual(
      { url: err.url, errorCode: err.errorCode, errorText: err.errorText },
      { url: "turn:127.0.0.1:13478?transport=udp", errorCode: 401, errorText: "Unauthorized." },
    );
    assert.doesNotMatch(JSON.stringify(b.sent), /192\.0\.2\.7/);
    for (const i of items) assert.equal(getstatsItem.safeParse(i).success, true, JSON.stringify(i));
  });

  it("holds back after 429 until Retry-After has passed, keeps items through outages, and never sends one twice", async () => {
    const b = browser((n) =>
      n === 1 ? { status: 429, retryAfterMs: 30_000 } : n === 2 ? "network error" : n === 3 ? { status: 503 } : { status: 200 },
    );
    const m = monitor(capturedPeer("relay-tcp", "relay"), options, b.env);
    await b.tick(); // 429
    b.advance(10_000);
    await b.tick(); // still paused: no request
    assert.equal(b.sent.length, 1);
    b.advance(25_000);
    await b.tick(); // network error
    await b.tick(); // 503
    await b.tick(); // accepted: everything so far, once
    await m.stop();
    const delivered = b.sent.filter((s) => s.accepted).flatMap((s) => s.body.items.map((i) => i.sequence));
    assert.deepEqual(delivered, [0, 1, 2, 3, 4, 5]);
  });

  it("keeps at most 500 unsent items, dropping the oldest and counting them", async () => {
    let up = false;
    const b = browser(() => (up ? { status: 200 } : { status: 503 }));
    const m = monitor(capturedPeer("relay-udp"), options, b.env);
    for (let i = 0; i < 510; i++) await b.tick();
    assert.equal(m.dropped, 10);
    up = true;
    await b.tick();
    // The tick that finds the app back polls once more first: 511 items made, the oldest 11 dropped.
    const delivered = b.sent.filter((s) => s.accepted).flatMap((s) => s.body.items.map((i) => i.sequence as number));
    assert.equal(m.dropped, 11);
    assert.equal(delivered.length, 500);
    assert.deepEqual([delivered[0], delivered.at(-1)], [11, 510], "the oldest were dropped, the rest sent once, in order");
    await m.stop();
  });

  it("hands what is queued to sendBeacon when the page is hidden", async () => {
    const b = browser(() => ({ status: 503 }));
    const m = monitor(capturedPeer("direct-host"), options, b.env);
    await b.tick();
    await b.tick();
    b.hide();
    assert.equal(b.beacons.length, 1);
    assert.deepEqual(
      b.beacons[0].body.items.map((i) => [i.sequence, i.pathKind]),
      [
        [0, "direct"],
        [1, "direct"],
      ],
    );
    assert.equal(b.beacons[0].body.forcedRelay, false);
    await m.stop();
  });

  it("a page hidden while a send is in flight loses nothing and sends nothing twice", async () => {
    const pc = capturedPeer("relay-udp", "relay");
    const b = browser();
    // The first fetch is held open until the test lets it answer.
    let release: (() => void) | undefined;
    const post = b.env.post;
    let held = true;
    b.env.post = async (url, body) => {
      if (held) {
        held = false;
        await new Promise<void>((r) => {
          release = r;
        });
      }
      return post(url, body);
    };
    const m = monitor(pc, options, b.env);
    b.tick(); // poll: item 0 goes out and waits
    await new Promise((r) => setTimeout(r, 5));
    pc.connectionState = "connected";
    pc.fire("connectionstatechange"); // item 1
    pc.connectionState = "disconnected";
    pc.fire("connectionstatechange"); // item 2
    b.hide(); // the beacon takes 1 and 2, not the in-flight 0
    release?.();
    await new Promise((r) => setTimeout(r, 5));
    pc.connectionState = "closed";
    pc.fire("connectionstatechange"); // item 3
    await m.stop(); // a last poll (item 4) and a flush
    const delivered = [...b.sent, ...b.beacons].flatMap((x) => x.body.items.map((i) => i.sequence));
    assert.deepEqual(
      b.beacons.flatMap((x) => x.body.items.map((i) => i.sequence)),
      [1, 2],
    );
    assert.deepEqual(
      [...delivered].sort((x, y) => Number(x) - Number(y)),
      [0, 1, 2, 3, 4],
    );
  });

  it("never throws into the page: getStats failing, the network throwing, odd events", async () => {
    const pc = capturedPeer("relay-udp");
    pc.failStats = true;
    const b = browser(() => "network error");
    const m = monitor(pc, options, b.env);
    await b.tick();
    pc.fire("icecandidateerror", null);
    pc.fire("icecandidateerror", { errorCode: "401" });
    await assert.doesNotReject(m.stop());
    await assert.doesNotReject(m.stop());
  });
});

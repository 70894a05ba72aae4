// The HTTP pusher against a real local server: what goes over the wire, and how each answer is typed.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { HttpCheckpointSource } from "../../../collectors/agent/checkpoint-client";
import { DeliveryError } from "../../../collectors/agent/errors";
import { Outgoing } from "../../../collectors/agent/outgoing";
import { appEndpoint, HttpPushSink } from "../../../collectors/agent/push";

type Seen = { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: Buffer };
let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_q, res) => res.end();
let seen: Seen[] = [];
let server: http.Server;
let base: string;

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      answer(req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const KEY = "rs_col_abcdefghij_0123456789abcdef0123456789abcdef0123456789abcdef";
const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (_q: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };

async function sendExpectingError(sink: HttpPushSink): Promise<DeliveryError> {
  try {
    await sink.send(new Outgoing({ events: [] }, 0, 10));
  } catch (err) {
    assert.ok(err instanceof DeliveryError, String(err));
    return err;
  }
  throw new Error("expected an error");
}

describe("HTTP push", () => {
  it("POSTs gzipped JSON with the bearer key and reads the outcome", async () => {
    seen = [];
    answer = json(207, { accepted: 2, quarantined: [{ index: 1, reason: "bad" }] });
    const sink = new HttpPushSink({ appUrl: `${base}/prefix`, key: KEY, path: "/api/ingest/coturn" });
    const result = await sink.send(new Outgoing({ events: [1, 2, 3] }, 3, 100));
    assert.deepEqual(result, { accepted: 2, quarantined: 1 });
    assert.equal(seen[0].method, "POST");
    assert.equal(seen[0].url, "/prefix/api/ingest/coturn", "a base path is kept");
    assert.equal(seen[0].headers.authorization, `Bearer ${KEY}`);
    assert.equal(seen[0].headers["content-encoding"], "gzip");
    assert.deepEqual(JSON.parse(gunzipSync(seen[0].body).toString()), { events: [1, 2, 3] });
  });

  it("types answers: 5xx and 429 retryable (with Retry-After), 4xx fatal with the app's own message", async () => {
    const sink = new HttpPushSink({ appUrl: base, key: KEY, path: "/api/ingest/coturn" });
    answer = json(503, { error: { code: "unavailable", message: "database unreachable" } });
    let e = await sendExpectingError(sink);
    assert.equal(e.retryable, true);
    assert.match(e.message, /503 database unreachable/);
    answer = json(429, { error: { code: "rate_limited", message: "slow down" } }, { "retry-after": "3" });
    e = await sendExpectingError(sink);
    assert.equal(e.retryable, true);
    assert.equal(e.retryAfterMs, 3000);
    for (const status of [400, 401, 403, 404, 413, 422]) {
      answer = json(status, { error: { code: "nope", message: `refused with ${status}` } });
      e = await sendExpectingError(sink);
      assert.equal(e.retryable, false, String(status));
      assert.equal(e.status, status);
      assert.equal(e.code, "nope");
      assert.match(e.message, new RegExp(`${status} refused with ${status}`));
    }
    answer = (_q, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>bad gateway</html>");
    };
    e = await sendExpectingError(sink);
    assert.equal(e.retryable, true);
    assert.match(e.message, /502 502 Bad Gateway/);
  });

  it("a refused connection and a timeout are retryable, named compactly", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    let e = await sendExpectingError(new HttpPushSink({ appUrl: `http://127.0.0.1:${port}`, key: KEY, path: "/x" }));
    assert.equal(e.retryable, true);
    assert.match(e.message, /unreachable \(ECONNREFUSED\)/);

    answer = () => {}; // never answers
    e = await sendExpectingError(new HttpPushSink({ appUrl: base, key: KEY, path: "/x", timeoutMs: 200 }));
    assert.equal(e.retryable, true);
    assert.match(e.message, /timed out/);
  });

  it("refuses to send a body above the app's limit (it would be a 413 forever)", async () => {
    const sink = new HttpPushSink({ appUrl: base, key: KEY, path: "/x", maxBodyBytes: 10 });
    const e = await sendExpectingError(sink);
    assert.equal(e.retryable, false);
  });

  it("checkpoint client: GET with agent and server, typed errors", async () => {
    seen = [];
    answer = json(200, { checkpoints: [{ fileId: "fp:1", path: "/x", offset: 5, state: {}, updatedAt: "2026-01-01T00:00:00Z" }] });
    const source = new HttpCheckpointSource({ appUrl: base, key: KEY });
    const cps = await source.fetch({ agentId: "host-1", server: "turn-1" });
    assert.equal(cps[0].offset, 5);
    assert.equal(seen[0].url, "/api/ingest/checkpoint?agentId=host-1&server=turn-1");
    answer = json(401, { error: { code: "unauthorized", message: "the API key is not valid" } });
    await assert.rejects(source.fetch({ agentId: "a", server: "s" }), (e: unknown) => e instanceof DeliveryError && !e.retryable);
  });

  it("appEndpoint keeps base paths and ignores a trailing slash", () => {
    assert.equal(appEndpoint("https://h.example/rs", "/api/x").toString(), "https://h.example/rs/api/x");
    assert.equal(appEndpoint("https://h.example/rs/", "/api/x").toString(), "https://h.example/rs/api/x");
    assert.equal(appEndpoint("https://h.example", "/api/x").toString(), "https://h.example/api/x");
  });
});

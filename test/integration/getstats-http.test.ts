// The getStats ingest as `relayscope start` serves it: straight from node:http beside Next (the same
// handler as the Next route, lib/ingest/getstats/node-route.ts). Real sockets: a body stored, the
// client address taken from the socket and never from a forged X-Forwarded-For, oversized bodies
// answered 413 whether declared or streamed, the refused remainder drained so the answer arrives.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { MAX_GETSTATS_BODY_BYTES } from "../../collectors/schema/getstats";
import { type RunningApp, startApp } from "../support/app";
import { runCli } from "../support/cli";
import { testDatabaseUrl, uid, withClient } from "../support/db";
import { body, statsItem } from "../support/getstats";

const DATABASE_URL = testDatabaseUrl();

type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string };

function send(url: string, headers: Record<string, string>, payload: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/**
 * A raw HTTP/1.1 request whose body never ends on its own: the head, then chunks until the server
 * answers (a client that is still uploading when refused). Returns the status line's code.
 */
function oversizedUpload(url: string, head: Record<string, string>, chunk: string): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(u.port), u.hostname);
    let text = "";
    let pump: NodeJS.Timeout | undefined;
    socket.on("error", () => {}); // a reset after the answer is expected
    socket.on("data", (d) => {
      text += d;
      const m = /^HTTP\/1\.1 (\d{3})[\s\S]*?\r\n\r\n([\s\S]*)$/.exec(text);
      if (m?.[2].includes("}")) {
        clearInterval(pump);
        socket.destroy();
        resolve({ status: Number(m[1]), text: m[2] });
      }
    });
    socket.on("close", () => {
      clearInterval(pump);
      if (!/^HTTP/.test(text)) reject(new Error(`closed without an answer: ${text}`));
    });
    socket.on("connect", () => {
      const lines = [`POST ${u.pathname}${u.search} HTTP/1.1`, `Host: ${u.host}`, ...Object.entries(head).map(([k, v]) => `${k}: ${v}`)];
      socket.write(`${lines.join("\r\n")}\r\n\r\n`);
      const chunked = head["Transfer-Encoding"] === "chunked";
      pump = setInterval(() => {
        if (!socket.writable) return;
        socket.write(chunked ? `${chunk.length.toString(16)}\r\n${chunk}\r\n` : chunk);
      }, 2);
    });
  });
}

describe("POST /api/ingest/getstats served by relayscope start", () => {
  let app: RunningApp;
  let dir: string;
  let key: string;
  let endpoint: string;
  const origin = "https://calls.example.com";
  const appName = `http-${uid()}`;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "rs-getstats-http-"));
    const env = {
      DATABASE_URL,
      RELAYSCOPE_DATA_DIR: path.join(dir, "data"),
      RELAYSCOPE_IP_HASH_SECRET: "integration-test-secret-0123456789abcdef",
    };
    assert.equal((await runCli(["app", "add", appName, "--origin", origin], env)).code, 0);
    const created = await runCli(["key", "create", "--kind", "app", "--app", appName, "--name", "sdk", "--json"], env);
    key = JSON.parse(created.stdout).key;
    app = await startApp(env);
    endpoint = `${app.url}/api/ingest/getstats?key=${key}`;
  });
  after(async () => {
    await app?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("stores a body, with the client address from the socket, not from a forged X-Forwarded-For", async () => {
    const b = body([statsItem(0)]);
    const res = await send(endpoint, { "content-type": "text/plain", origin, "x-forwarded-for": "203.0.113.77" }, JSON.stringify(b));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers["access-control-allow-origin"], origin);
    const { connection } = JSON.parse(res.text);
    const [row] = await withClient(
      DATABASE_URL,
      async (c) => (await c.query("SELECT client_prefix::text FROM client_connection WHERE id = $1", [connection])).rows,
    );
    assert.equal(row.client_prefix, "127.0.0.0/24");
  });

  it("413 for a declared and for a streamed oversized body", async () => {
    const declared = await oversizedUpload(
      endpoint,
      { "Content-Type": "text/plain", Origin: origin, "Content-Length": String(MAX_GETSTATS_BODY_BYTES + 10) },
      "x".repeat(1024),
    );
    assert.equal(declared.status, 413, declared.text);
    const streamed = await oversizedUpload(
      endpoint,
      { "Content-Type": "text/plain", Origin: origin, "Transfer-Encoding": "chunked" },
      "y".repeat(4096),
    );
    assert.equal(streamed.status, 413, streamed.text);
    assert.match(streamed.text, /"code":"payload_too_large"/);
  });

  it("415 and 401 through the same path, and the preflight", async () => {
    assert.equal((await send(endpoint, { "content-type": "application/xml", origin }, "<x/>")).status, 415);
    assert.equal((await send(`${app.url}/api/ingest/getstats`, { "content-type": "text/plain", origin }, "{}")).status, 401);
    const preflight = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http
        .request(endpoint, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST" } }, resolve)
        .on("error", reject)
        .end(),
    );
    assert.equal(preflight.statusCode, 204);
    assert.equal(preflight.headers["access-control-allow-origin"], origin);
  });
});

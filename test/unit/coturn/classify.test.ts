import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CoturnRecord } from "../../../collectors/coturn/classify";
import { parseCoturnLine } from "../../../collectors/coturn/parse";

// Message shapes quoted in reference/coturn-logs.md §3–§5 (corpus samples where the corpus has them).
const rec = (msg: string): CoturnRecord | undefined => parseCoturnLine(`2026-11-21T08:31:52+0000: ${msg}`).record;
const SID = "000000000000000001";

describe("coturn message classification: session lines", () => {
  it("new / refreshed, with and without cipher and method", () => {
    assert.deepEqual(rec(`session ${SID}: new, realm=<example.test>, username=<1795336472:app-user-17>, lifetime=777`), {
      kind: "alloc",
      sid: SID,
      refreshed: false,
      realm: "example.test",
      username: "1795336472:app-user-17",
      lifetime: 777,
    });
    assert.deepEqual(
      rec(
        `session ${SID}: refreshed, realm=<example.test>, username=<dave>, lifetime=0, cipher=ECDHE-RSA-AES256-GCM-SHA384, method=DTLSv1.2`,
      ),
      {
        kind: "alloc",
        sid: SID,
        refreshed: true,
        realm: "example.test",
        username: "dave",
        lifetime: 0,
        cipher: "ECDHE-RSA-AES256-GCM-SHA384",
        method: "DTLSv1.2",
      },
    );
  });

  it("usage and peer usage (deltas)", () => {
    assert.deepEqual(rec("session 001000000000000006: usage: realm=<example.test>, username=<bob>, rp=311, rb=50380, sp=311, sb=50124"), {
      kind: "usage",
      sid: "001000000000000006",
      leg: "client",
      realm: "example.test",
      username: "bob",
      rp: 311,
      rb: 50380,
      sp: 311,
      sb: 50124,
    });
    const p = rec("session 001000000000000006: peer usage: realm=<example.test>, username=<>, rp=0, rb=0, sp=0, sb=0");
    assert.equal(p?.kind === "usage" && p.leg, "peer");
    assert.equal(p?.kind === "usage" && p.username, "");
  });

  it("incoming packet … processed: success, error (both logged), with origin", () => {
    assert.deepEqual(rec(`session ${SID}: realm <example.test> user <alice>: incoming packet CHANNEL_BIND processed, success`), {
      kind: "packet",
      sid: SID,
      realm: "example.test",
      username: "alice",
      method: "CHANNEL_BIND",
      code: 0,
    });
    assert.deepEqual(rec(`session ${SID}: realm <example.test> user <>: incoming packet message processed, error 401: Unauthorized`), {
      kind: "packet",
      sid: SID,
      realm: "example.test",
      username: "",
      method: "message",
      code: 401,
      reason: "Unauthorized",
    });
    assert.deepEqual(
      rec(
        `session ${SID}: origin <https://app.example> realm <example.test> user <u>: incoming packet OLD BINDING processed, error 420: x`,
      ),
      {
        kind: "packet",
        sid: SID,
        origin: "https://app.example",
        realm: "example.test",
        username: "u",
        method: "OLD BINDING",
        code: 420,
        reason: "x",
      },
    );
  });

  it("closed (1st and 2nd stage), delete, peer lifetime updated / deleted", () => {
    assert.deepEqual(
      rec(
        `session ${SID}: closed (2nd stage), user <bob> realm <example.test> origin <>, local 127.0.0.1:3478, remote 127.0.0.1:52920, reason: allocation timeout`,
      ),
      {
        kind: "closed",
        sid: SID,
        stage: 2,
        username: "bob",
        realm: "example.test",
        origin: "",
        local: "127.0.0.1:3478",
        remote: "127.0.0.1:52920",
        reason: "allocation timeout",
      },
    );
    const first = rec(
      `session ${SID}: closed (1st stage), user <m> realm <r> origin <o>, local [::1]:3478, remote [::1]:5000, reason: TCP connection closed by client (callback)`,
    );
    assert.equal(first?.kind === "closed" && first.stage, 1);
    assert.deepEqual(rec(`session ${SID}: delete: realm=<example.test>, username=<alice>`), {
      kind: "delete",
      sid: SID,
      realm: "example.test",
      username: "alice",
    });
    assert.deepEqual(rec("session 000000000000000009: peer 164.156.191.190:33438 deleted"), {
      kind: "peer_deleted",
      sid: "000000000000000009",
      peer: "164.156.191.190:33438",
    });
    assert.deepEqual(rec(`session ${SID}: peer 127.0.0.1 lifetime updated: 300`), {
      kind: "peer_lifetime",
      sid: SID,
      peer: "127.0.0.1",
      lifetime: 300,
    });
  });

  it("transport-level close lines and socket notes", () => {
    assert.deepEqual(rec(`session ${SID}: TCP socket closed remotely 127.0.0.1:51722`), {
      kind: "socket",
      sid: SID,
      socketType: "TCP",
      event: "closed_remotely",
      remote: "127.0.0.1:51722",
    });
    assert.deepEqual(rec(`ERROR: session ${SID}: TCP socket error: Connection reset by peer 127.0.0.1:51732`), {
      kind: "socket",
      sid: SID,
      socketType: "TCP",
      event: "error",
      remote: "127.0.0.1:51732",
    });
    assert.deepEqual(rec(`session ${SID}: TLS/TCP socket disconnected: 127.0.0.1:43592`), {
      kind: "socket",
      sid: SID,
      socketType: "TLS/TCP",
      event: "disconnected",
      remote: "127.0.0.1:43592",
    });
    assert.deepEqual(
      rec(`session ${SID}: SSL shutdown received, socket to be closed: Broken pipe (local 127.0.0.1:5349, remote 127.0.0.1:41162)`),
      {
        kind: "socket_note",
        sid: SID,
        remote: "127.0.0.1:41162",
      },
    );
    assert.equal(rec(`session ${SID}: client socket to be closed in client handler: ss=0x7f6a6c071b50`)?.kind, "socket_note");
    assert.deepEqual(rec(`Session ${SID} to be forcefully canceled`), { kind: "socket_note", sid: SID });
  });
});

describe("coturn message classification: auth, peer denied, errors", () => {
  it("check_stun_auth failures without (≤4.6.2) and with a session id (≥4.6.3, 4.17)", () => {
    assert.deepEqual(rec("ERROR: check_stun_auth: Cannot find credentials of user <1795249480:expired-user-9>"), {
      kind: "auth_error",
      reason: "unknown_user",
      user: "1795249480:expired-user-9",
      text: "check_stun_auth: Cannot find credentials of user <1795249480:expired-user-9>",
    });
    assert.deepEqual(rec("ERROR: check_stun_auth: Cannot find credentials of user <>"), {
      kind: "auth_error",
      reason: "no_user",
      user: "",
      text: "check_stun_auth: Cannot find credentials of user <>",
    });
    assert.deepEqual(
      parseCoturnLine(
        "2026-11-21T08:37:53.950+0000 ERROR session 001000000000000006: check_stun_auth: user alice credentials are incorrect",
      ).record,
      {
        kind: "auth_error",
        sid: "001000000000000006",
        reason: "wrong_password",
        user: "alice",
        text: "check_stun_auth: user alice credentials are incorrect",
      },
    );
    assert.deepEqual(rec("ERROR: check_stun_auth: wrong realm: bad realm"), {
      kind: "auth_error",
      reason: "wrong_realm",
      text: "check_stun_auth: wrong realm: bad realm",
    });
    assert.deepEqual(rec(`ERROR: session ${SID}: check_stun_auth: wrong username: a'b`), {
      kind: "auth_error",
      sid: SID,
      reason: "wrong_username",
      user: "a'b",
      text: "check_stun_auth: wrong username: a'b",
    });
  });

  it("peer denied, every form of §5.3", () => {
    assert.deepEqual(rec("ERROR: A peer IP 127.0.0.150 denied in the range: 127.0.0.100-127.0.0.200"), {
      kind: "peer_denied",
      peer: "127.0.0.150",
      text: "A peer IP 127.0.0.150 denied in the range: 127.0.0.100-127.0.0.200",
    });
    for (const tail of [
      "denied: link-local/unique-local/site-local scope is not a permitted relay peer in server 1 ",
      "denied in the range: 10.0.0.0-10.255.255.255 in server 1 ",
      "denied in the range= 10.0.0.1 in server 0 ",
    ]) {
      const r = rec(`ERROR: session ${SID}: A peer IP 10.0.0.1 ${tail}`);
      assert.equal(r?.kind, "peer_denied", tail);
      assert.equal(r?.kind === "peer_denied" && r.sid, SID);
      assert.equal(r?.kind === "peer_denied" && r.peer, "10.0.0.1");
    }
  });

  it("no available ports", () => {
    assert.deepEqual(rec("create_relay_ioa_sockets: no available ports 3"), {
      kind: "no_ports",
      text: "create_relay_ioa_sockets: no available ports 3",
    });
  });
});

describe("coturn message classification: addresses, lifecycle, startup", () => {
  it("accept, relay and RFC 6062 lines", () => {
    assert.deepEqual(rec("IPv4. tcp or tls connected to: 127.0.0.1:51722"), { kind: "accept", via: "tcp", addr: "127.0.0.1:51722" });
    assert.deepEqual(rec("IPv6. Accepted connection from: ::1:41038"), { kind: "accept", via: "dtls", addr: "::1:41038" });
    assert.deepEqual(rec("handle_udp_packet: New UDP endpoint: local addr 127.0.0.1:3478, remote addr 127.0.0.1:50224"), {
      kind: "accept",
      via: "udp",
      addr: "127.0.0.1:50224",
      listener: "127.0.0.1:3478",
    });
    assert.deepEqual(rec("IPv4. Local relay addr (RTCP): 127.0.0.1:49191"), { kind: "relay_addr", addr: "127.0.0.1:49191", rtcp: true });
    assert.deepEqual(rec("IPv4. Local reserved relay addr: 127.0.0.1:49191"), { kind: "relay_reserved", addr: "127.0.0.1:49191" });
    assert.deepEqual(rec("IPv4. tcp accepted from: 127.0.0.1:49223"), { kind: "tcp_peer_accept", peer: "127.0.0.1:49223" });
  });

  it("banner, log file opened, config warnings, terminating, startup chatter, unknown", () => {
    assert.deepEqual(rec("Coturn Version Coturn-4.17.1 'Gorst'"), { kind: "banner", version: "4.17.1" });
    assert.deepEqual(rec("log file opened: /var/log/turn_2026-11-21.log"), { kind: "log_opened", path: "/var/log/turn_2026-11-21.log" });
    assert.equal(
      rec("CONFIG WARNING: allow_loopback_peers opens a possible security vulnerability. Do not use in production!!")?.kind,
      "config_warning",
    );
    assert.equal(
      parseCoturnLine("2026-11-21T08:40:34+0000(17189): WARNING: CONFIG: allow_loopback_peers opens …").record?.kind,
      "config_warning",
    );
    assert.equal(
      rec("WARNING: I cannot support STUN CHANGE_REQUEST functionality because only one IP address is provided")?.kind,
      "warning",
    );
    assert.deepEqual(parseCoturnLine("2026-11-21T08:39:06.159+0000 INFO Terminating on signal 15").record, {
      kind: "terminating",
      signal: 15,
    });
    assert.equal(rec("IPv4. TLS/TCP listener opened on : 127.0.0.1:3478")?.kind, "startup");
    assert.equal(rec("")?.kind, "startup");
    assert.deepEqual(rec("something coturn may say one day"), { kind: "unknown", text: "something coturn may say one day" });
    assert.deepEqual(rec(`session ${SID}: something new`), { kind: "unknown", sid: SID, text: `session ${SID}: something new` });
  });
});

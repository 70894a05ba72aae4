import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  decodeCursor,
  encodeCursor,
  isIsoTime,
  isUuid,
  parseEnumList,
  parseLimit,
  parseNumber,
  parseSort,
} from "../../../lib/queries/sessions/keyset";
import { parseSessionListParams } from "../../../lib/queries/sessions/list-sessions-params";

const KEYS = ["started", "bytes"] as const;
const fallback = { key: "started", dir: "desc" } as const;
const check = { id: isUuid, value: isIsoTime };
const ID = "0b9a3c1e-1f2a-4c3d-8e4f-5a6b7c8d9e0f";

describe("keyset parameters", () => {
  it("sort: a closed list, - for descending, the default when absent", () => {
    assert.deepEqual(parseSort(null, KEYS, fallback), { ok: true, value: fallback });
    assert.deepEqual(parseSort("bytes", KEYS, fallback), { ok: true, value: { key: "bytes", dir: "asc" } });
    assert.deepEqual(parseSort("-bytes", KEYS, fallback), { ok: true, value: { key: "bytes", dir: "desc" } });
    for (const bad of ["size", "--bytes", "+bytes", "bytes;drop", "BYTES"]) {
      const r = parseSort(bad, KEYS, fallback);
      assert.ok(!r.ok && r.param === "sort", bad);
    }
  });

  it("limit: 1 to 200, 50 when absent", () => {
    assert.deepEqual(parseLimit(null), { ok: true, value: 50 });
    assert.deepEqual(parseLimit("200"), { ok: true, value: 200 });
    for (const bad of ["0", "201", "-1", "1.5", "ten", "99999"]) assert.ok(!parseLimit(bad).ok, bad);
  });

  it("numbers and lists are bounded", () => {
    assert.deepEqual(parseNumber("1.5", "minDuration", 10, "seconds"), { ok: true, value: 1.5 });
    assert.ok(!parseNumber("11", "minDuration", 10, "seconds").ok);
    assert.ok(!parseNumber("1e3", "minDuration", 10_000, "seconds").ok);
    const p = new URLSearchParams("transport=udp,tcp&transport=udp");
    assert.deepEqual(parseEnumList(p, "transport", ["udp", "tcp", "tls"]), { ok: true, value: ["udp", "tcp"] });
    assert.ok(!parseEnumList(new URLSearchParams("transport=quic"), "transport", ["udp"]).ok);
  });

  it("a cursor round-trips, belongs to its sort and refuses anything it did not make", () => {
    const c = encodeCursor("-started", { value: "2026-11-20T08:00:00.123Z", id: ID });
    assert.match(c, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeCursor(c, "-started", check), { ok: true, value: { value: "2026-11-20T08:00:00.123Z", id: ID } });
    assert.deepEqual(decodeCursor(null, "-started", check), { ok: true, value: null });
    const other = decodeCursor(c, "started", check);
    assert.ok(!other.ok && /belongs to sort -started/.test(other.message));
    const forged = [
      "!!!",
      Buffer.from("{}").toString("base64url"),
      encodeCursor("-started", { value: "yesterday", id: ID }),
      encodeCursor("-started", { value: "2026-11-20T08:00:00Z", id: "1 OR 1=1" }),
      "A".repeat(700),
    ];
    for (const f of forged) {
      const r = decodeCursor(f, "-started", check);
      assert.ok(!r.ok && r.param === "cursor", f.slice(0, 40));
    }
  });
});

describe("session list parameters", () => {
  const parse = (q: string) => parseSessionListParams(new URLSearchParams(q));

  it("reads a user as exact or as a prefix with one trailing *", () => {
    const exact = parse("user=alice");
    assert.ok(exact.ok && "exact" in (exact.params.user ?? {}));
    const prefix = parse("user=ali*");
    assert.ok(prefix.ok && prefix.params.user && "prefix" in prefix.params.user && prefix.params.user.prefix === "ali");
    for (const bad of ["user=*", "user=a*b*", `user=${"x".repeat(256)}`]) {
      const r = parse(bad);
      assert.ok(!r.ok && r.param === "user", bad);
    }
  });

  it("defaults to the newest 50 and bounds every other parameter", () => {
    const d = parse("");
    assert.ok(d.ok);
    assert.deepEqual([d.params.sort, d.params.limit, d.params.cursor, d.params.open], [{ key: "started", dir: "desc" }, 50, null, null]);
    const many = Array.from({ length: 21 }, (_, i) => `closeReason=r${i}`).join("&");
    for (const [q, param] of [
      [many, "closeReason"],
      ["minDuration=5&maxDuration=4", "maxDuration"],
      ["maxBytes=1e3", "maxBytes"],
      ["open=yes", "open"],
      ["transport=udp,quic", "transport"],
    ]) {
      const r = parse(q);
      assert.ok(!r.ok && r.param === param, q);
    }
  });
});

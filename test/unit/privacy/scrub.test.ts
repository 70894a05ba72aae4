import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scrubDeep, scrubIps } from "../../../lib/privacy/scrub";

describe("scrubIps", () => {
  it("cuts public addresses to their prefix and keeps special-purpose ones", () => {
    assert.equal(
      scrubIps("SSL read error (local 10.0.0.1:5349, remote 81.2.69.160:41162)"),
      "SSL read error (local 10.0.0.1:5349, remote 81.2.69.x:41162)",
    );
    assert.equal(scrubIps("A peer IP 169.254.169.254 denied"), "A peer IP 169.254.169.254 denied");
    assert.equal(scrubIps("remote [2a02:1810:4f2e:9c00::1]:4000"), "remote [2a02:1810:4f2e::/48]:4000");
    assert.equal(scrubIps("peer ::ffff:81.2.69.160 x"), "peer 81.2.69.x x");
    assert.equal(scrubIps("from ::1 and fe80::1"), "from ::1 and fe80::1");
    assert.equal(scrubIps("denied 2a02:1810:4f2e:9c00::1. Then 81.2.69.7."), "denied 2a02:1810:4f2e::/48. Then 81.2.69.x.");
  });
  it("leaves times, versions and other numbers alone", () => {
    for (const s of ["2026-11-21T08:33:46+0000: x", "Coturn-4.6.1 'Gorst'", "session 001000000000000001: usage", "1.2.3.4.5", "v1.2.3"]) {
      assert.equal(scrubIps(s), s);
    }
  });
  it("scrubs every string of a JSON value", () => {
    assert.deepEqual(scrubDeep({ a: ["8.8.8.8:53", 1], b: { c: "127.0.0.1" } }), { a: ["8.8.8.x:53", 1], b: { c: "127.0.0.1" } });
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clientAddress } from "../../../lib/http/client-ip";

describe("clientAddress", () => {
  it("is the socket's address when no proxy is trusted, whatever the client claims", () => {
    assert.equal(clientAddress("203.0.113.5", "10.0.0.1", 0), "203.0.113.5");
    assert.equal(clientAddress("::ffff:203.0.113.5", undefined, 0), "203.0.113.5");
    assert.equal(clientAddress("2001:db8::1", undefined, 0), "2001:db8::1");
  });

  it("behind N proxies is the Nth entry from the right; entries the client wrote are ignored", () => {
    assert.equal(clientAddress("10.0.0.2", "1.1.1.1, 203.0.113.5", 1), "203.0.113.5");
    assert.equal(clientAddress("10.0.0.2", "1.1.1.1, 203.0.113.5, 10.0.0.9", 2), "203.0.113.5");
    assert.equal(clientAddress("10.0.0.2", ["1.1.1.1", "203.0.113.5"], 1), "203.0.113.5");
  });

  it("with fewer entries than proxies takes the nearest one (never the client's own), and the socket when there is none", () => {
    assert.equal(clientAddress("10.0.0.2", "203.0.113.5", 2), "203.0.113.5");
    assert.equal(clientAddress("10.0.0.2", "6.6.6.6, 203.0.113.7", 3), "203.0.113.7");
    assert.equal(clientAddress("10.0.0.2", undefined, 1), "10.0.0.2");
    assert.equal(clientAddress(undefined, undefined, 0), undefined);
  });

  it("ignores an entry that is no IP address", () => {
    assert.equal(clientAddress("10.0.0.2", "not-an-ip", 1), "10.0.0.2");
    assert.equal(clientAddress("10.0.0.2", "1.2.3.4, <script>", 1), "10.0.0.2");
  });

  it("believes X-Forwarded-For only on connections from the proxies' addresses", () => {
    const proxies = ["127.0.0.0/8", "::1/128", "10.0.0.0/24"];
    assert.equal(clientAddress("10.0.0.2", "203.0.113.5", 1, proxies), "203.0.113.5");
    assert.equal(clientAddress("::ffff:127.0.0.1", "203.0.113.5", 1, proxies), "203.0.113.5");
    // Someone reaching the port directly cannot pose as this machine (or anyone).
    assert.equal(clientAddress("198.51.100.7", "127.0.0.1", 1, proxies), "198.51.100.7");
  });
});

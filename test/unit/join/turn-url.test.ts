import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { iceEndpoint, serversForUrl } from "../../../lib/join/turn-url";

describe("iceEndpoint", () => {
  it("reads host and port, with the scheme's default port, ignoring ?transport", () => {
    assert.deepEqual(iceEndpoint("turn:127.0.0.1:3478?transport=udp"), { host: "127.0.0.1", port: 3478 });
    assert.deepEqual(iceEndpoint("turns:Turn.Example.com?transport=tcp"), { host: "turn.example.com", port: 5349 });
    assert.deepEqual(iceEndpoint("turn:turn.example.com"), { host: "turn.example.com", port: 3478 });
    assert.deepEqual(iceEndpoint("turn:[2001:db8::1]:443"), { host: "2001:db8::1", port: 443 });
  });

  it("refuses what is no ICE url", () => {
    for (const bad of ["https://turn.example.com", "turn:", "turn:host:99999", "turn:host:port", "turn:a b"]) {
      assert.equal(iceEndpoint(bad), null, bad);
    }
  });
});

describe("serversForUrl", () => {
  const servers = [
    { id: "eu", urls: ["turn:eu.example.com:3478?transport=udp", "turns:eu.example.com:443?transport=tcp"], hostnames: [] },
    { id: "us", urls: [], hostnames: ["us.example.com", "198.51.100.7"] },
  ];

  it("matches a registered url by host and port, whatever its transport", () => {
    assert.deepEqual(serversForUrl(servers, "turn:eu.example.com:3478?transport=tcp"), ["eu"]);
    assert.deepEqual(serversForUrl(servers, "turns:EU.example.com:443?transport=tcp"), ["eu"]);
    assert.deepEqual(serversForUrl(servers, "turn:eu.example.com:3479"), []);
  });

  it("matches a server's hostname on any port", () => {
    assert.deepEqual(serversForUrl(servers, "turn:us.example.com:80?transport=tcp"), ["us"]);
    assert.deepEqual(serversForUrl(servers, "turn:198.51.100.7"), ["us"]);
  });

  it("names no server for urls we do not collect from", () => {
    assert.deepEqual(serversForUrl(servers, "turn:elsewhere.example:3478"), []);
    assert.deepEqual(serversForUrl(servers, "not a url"), []);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { splitRestUsername } from "../../../collectors/coturn/rest-username";

describe("splitRestUsername", () => {
  it("<expiry>:<user> (the standard form)", () => {
    assert.deepEqual(splitRestUsername("1795336472:app-user-17"), { stableUser: "app-user-17", expiresAtMs: 1795336472000 });
    assert.deepEqual(splitRestUsername("1795336472:a:b"), { stableUser: "a:b", expiresAtMs: 1795336472000 });
  });
  it("<user>:<expiry>", () => {
    assert.deepEqual(splitRestUsername("alice:1795336472"), { stableUser: "alice", expiresAtMs: 1795336472000 });
  });
  it("<expiry> alone (9–11 digits)", () => {
    assert.deepEqual(splitRestUsername("1795336472"), { stableUser: null, expiresAtMs: 1795336472000 });
    assert.deepEqual(splitRestUsername("999999999"), { stableUser: null, expiresAtMs: 999999999000 });
    assert.deepEqual(splitRestUsername("1795336472:"), { stableUser: null, expiresAtMs: 1795336472000 });
    assert.deepEqual(splitRestUsername(":1795336472"), { stableUser: null, expiresAtMs: 1795336472000 });
  });
  it("plain usernames are their own stable user", () => {
    for (const u of ["alice", "12345", "123456789012", "user:12", "12:34", "a-1795336472"]) {
      assert.deepEqual(splitRestUsername(u), { stableUser: u, expiresAtMs: null }, u);
    }
  });
  it("other separators (--rest-api-separator)", () => {
    assert.deepEqual(splitRestUsername("1795336472.bob", "."), { stableUser: "bob", expiresAtMs: 1795336472000 });
    assert.deepEqual(splitRestUsername("1795336472:bob", "."), { stableUser: "1795336472:bob", expiresAtMs: null });
  });
  it("nothing in, nothing out", () => {
    assert.deepEqual(splitRestUsername(""), { stableUser: null, expiresAtMs: null });
    assert.deepEqual(splitRestUsername(undefined), { stableUser: null, expiresAtMs: null });
  });
});

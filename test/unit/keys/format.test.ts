import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generateKey, hashSecret, parseDuration, parseKey, secretMatches } from "../../../lib/keys/format";

describe("key format", () => {
  it("generates keys that parse back to their prefix, kind and secret", () => {
    for (const kind of ["collector", "app", "api"] as const) {
      const k = generateKey(kind);
      const parsed = parseKey(k.key);
      assert.ok(parsed, k.key);
      assert.equal(parsed.kind, kind);
      assert.equal(parsed.prefix, k.prefix);
      assert.ok(k.key.startsWith(`${k.prefix}_`));
      assert.ok(secretMatches(parsed.secret, k.salt, k.secretHash));
    }
  });

  it("never stores the secret: the hash is salted and differs per key", () => {
    const a = generateKey("collector");
    const b = generateKey("collector");
    assert.notEqual(a.salt, b.salt);
    assert.ok(!a.secretHash.includes(parseKey(a.key)!.secret));
    assert.equal(hashSecret("s", a.salt), hashSecret("s", a.salt));
    assert.notEqual(hashSecret("s", a.salt), hashSecret("s", b.salt));
  });

  it("rejects a wrong secret and malformed keys", () => {
    const k = generateKey("app");
    const parsed = parseKey(k.key)!;
    const wrong = parsed.secret.replace(/.$/, (c) => (c === "0" ? "1" : "0"));
    assert.equal(secretMatches(wrong, k.salt, k.secretHash), false);
    assert.equal(secretMatches(parsed.secret, k.salt, "abcd"), false);
    for (const bad of [
      "",
      "rs_col_short_00",
      `${k.prefix}`,
      `xx_col_abcdefghij_${"0".repeat(48)}`,
      `${k.key}0`,
      `rs_usr_abcdefghij_${"0".repeat(48)}`,
    ]) {
      assert.equal(parseKey(bad), undefined, bad);
    }
  });

  it("parses expiry durations", () => {
    assert.equal(parseDuration("30m"), 1_800_000);
    assert.equal(parseDuration("12h"), 43_200_000);
    assert.equal(parseDuration("90d"), 90 * 86_400_000);
    assert.equal(parseDuration("2w"), 14 * 86_400_000);
    for (const bad of ["", "10", "d", "1.5d", "-1d", "10y"]) assert.equal(parseDuration(bad), undefined, bad);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileTenantRules } from "../../../../lib/ingest/coturn/tenant";

describe("compileTenantRules", () => {
  const rules = [
    { realm: "*", usernamePattern: null, tenantId: "catch-all", priority: 90 },
    { realm: "a.test", usernamePattern: "^vip-", tenantId: "vip", priority: 10 },
    { realm: "a.test", usernamePattern: null, tenantId: "a", priority: 20 },
  ];
  const of = compileTenantRules(rules, "default");

  it("lowest priority first: exact realm with a username pattern, then the realm, then `*`", () => {
    assert.equal(of("a.test", "vip-ann"), "vip");
    assert.equal(of("a.test", "bob"), "a");
    assert.equal(of("b.test", "bob"), "catch-all");
    assert.equal(of(null, null), "catch-all");
  });

  it("a pattern rule needs a user; no rule → the server default", () => {
    const only = compileTenantRules([{ realm: "a.test", usernamePattern: ".*", tenantId: "x", priority: 1 }], "default");
    assert.equal(only("a.test", null), "default");
    assert.equal(only("a.test", ""), "x");
    assert.equal(only("b.test", "u"), "default");
  });

  it("skips a rule whose pattern does not compile, and says so", () => {
    const bad: string[] = [];
    const r = compileTenantRules(
      [
        { realm: "*", usernamePattern: "([", tenantId: "broken", priority: 1 },
        { realm: "*", usernamePattern: null, tenantId: "ok", priority: 2 },
      ],
      "default",
      (rule) => bad.push(rule.tenantId),
    );
    assert.equal(r("x", "y"), "ok");
    assert.deepEqual(bad, ["broken"]);
  });
});

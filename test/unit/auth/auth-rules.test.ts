import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { expectedOrigin, isSameOriginRequest } from "../../../lib/auth/origin";
import { roleAtLeast, weakerRole } from "../../../lib/auth/roles";
import { safeNextPath } from "../../../lib/auth/safe-next";
import { resetEnvCache } from "../../../lib/env";
import { addressInCidrs } from "../../../lib/http/client-ip";

const headers = (h: Record<string, string>) => new Headers(h);

describe("roles", () => {
  it("orders viewer < operator < admin", () => {
    assert.equal(roleAtLeast("admin", "operator"), true);
    assert.equal(roleAtLeast("operator", "operator"), true);
    assert.equal(roleAtLeast("viewer", "operator"), false);
  });
  it("a token acts with the weaker of its role and its owner's", () => {
    assert.equal(weakerRole("operator", "viewer"), "viewer");
    assert.equal(weakerRole("viewer", "admin"), "viewer");
  });
});

describe("same-origin check of cookie-authenticated changes", () => {
  afterEach(() => {
    delete process.env.RELAYSCOPE_PUBLIC_URL;
    resetEnvCache();
  });

  it("without a public URL, accepts only our own loopback origin", () => {
    assert.equal(isSameOriginRequest(headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" })), true);
    assert.equal(
      isSameOriginRequest(headers({ host: "localhost:3000", origin: "http://localhost:3000", "sec-fetch-site": "same-origin" })),
      true,
    );
    assert.equal(isSameOriginRequest(headers({ host: "127.0.0.1:3000", origin: "https://evil.example" })), false);
    assert.equal(isSameOriginRequest(headers({ host: "127.0.0.1:3000" })), false, "no Origin at all");
    assert.equal(isSameOriginRequest(headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3001" })), false, "another port");
    assert.equal(
      isSameOriginRequest(headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "sec-fetch-site": "cross-site" })),
      false,
    );
    // DNS rebinding: a foreign name pointing at us is not our origin, whatever Origin says.
    assert.equal(expectedOrigin(headers({ host: "evil.example:3000" })), undefined);
    assert.equal(isSameOriginRequest(headers({ host: "evil.example:3000", origin: "http://evil.example:3000" })), false);
  });

  it("with RELAYSCOPE_PUBLIC_URL, accepts exactly that origin", () => {
    process.env.RELAYSCOPE_PUBLIC_URL = "https://relayscope.example.com/";
    resetEnvCache();
    assert.equal(isSameOriginRequest(headers({ host: "10.0.0.5:3000", origin: "https://relayscope.example.com" })), true);
    assert.equal(isSameOriginRequest(headers({ host: "localhost:3000", origin: "http://localhost:3000" })), false);
  });
});

describe("where to go after signing in", () => {
  it("only paths on this app", () => {
    assert.equal(safeNextPath("/settings/users?x=1"), "/settings/users?x=1");
    for (const bad of [
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "javascript:alert(1)",
      "",
      undefined,
      "/login?next=/x",
    ])
      assert.equal(safeNextPath(bad), "/", String(bad));
  });
});

describe("who may scrape /metrics without a token", () => {
  it("matches addresses against the allowed CIDRs", () => {
    const allow = ["127.0.0.0/8", "::1/128", "10.1.0.0/16"];
    assert.equal(addressInCidrs("127.0.0.1", allow), true);
    assert.equal(addressInCidrs("::1", allow), true);
    assert.equal(addressInCidrs("::ffff:10.1.2.3", allow), true);
    assert.equal(addressInCidrs("10.2.0.1", allow), false);
    assert.equal(addressInCidrs(undefined, allow), false);
    assert.equal(addressInCidrs("not-an-ip", allow), false);
  });
});

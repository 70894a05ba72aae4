// Keys against the real database: authenticate, revoke, expire, kinds, throttled last-used.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { closePools } from "../../lib/db/pool";
import { disconnectPrisma, prisma } from "../../lib/db/prisma";
import { authenticateKey, createKey, revokeKey } from "../../lib/keys/store";
import { testDatabaseUrl, uid } from "../support/db";

testDatabaseUrl();
after(async () => {
  await disconnectPrisma();
  await closePools();
});

describe("API keys", () => {
  it("a created key authenticates; only its salted hash is stored", async () => {
    const k = await createKey({ kind: "collector", name: `agent-${uid()}` });
    const auth = await authenticateKey(k.key, ["collector"]);
    assert.equal(auth.ok, true);
    assert.equal(auth.ok && auth.key.prefix, k.prefix);
    const row = await prisma().apiKey.findUniqueOrThrow({ where: { id: k.id } });
    assert.ok(!JSON.stringify(row).includes(k.key.slice(k.prefix.length + 1)), "secret not stored");
  });

  it("refuses a wrong secret, a revoked key, an expired key and the wrong kind", async () => {
    const k = await createKey({ kind: "collector", name: `agent-${uid()}` });
    const wrong = k.key.replace(/.$/, (c) => (c === "a" ? "b" : "a"));
    assert.deepEqual(await authenticateKey(wrong, ["collector"]), { ok: false, reason: "unknown" });
    assert.deepEqual(await authenticateKey(k.key, ["app"]), { ok: false, reason: "wrong-kind" });
    assert.deepEqual(await authenticateKey("rs_col_nope", ["collector"]), { ok: false, reason: "malformed" });
    await revokeKey(k.prefix);
    assert.deepEqual(await authenticateKey(k.key, ["collector"]), { ok: false, reason: "revoked" });

    const soon = await createKey({ kind: "api", name: `token-${uid()}`, expiresAt: new Date(Date.now() + 60_000) });
    assert.equal((await authenticateKey(soon.key, ["api"])).ok, true);
    assert.deepEqual(await authenticateKey(soon.key, ["api"], new Date(Date.now() + 120_000)), { ok: false, reason: "expired" });
  });

  it("writes last_used_at at most once a minute", async () => {
    const k = await createKey({ kind: "app", name: `web-${uid()}` });
    await authenticateKey(k.key, ["app"]);
    const first = (await prisma().apiKey.findUniqueOrThrow({ where: { id: k.id } })).lastUsedAt;
    assert.ok(first);
    await authenticateKey(k.key, ["app"]);
    const second = (await prisma().apiKey.findUniqueOrThrow({ where: { id: k.id } })).lastUsedAt;
    assert.deepEqual(second, first);
    await prisma().apiKey.update({ where: { id: k.id }, data: { lastUsedAt: new Date(Date.now() - 120_000) } });
    await authenticateKey(k.key, ["app"]);
    const third = (await prisma().apiKey.findUniqueOrThrow({ where: { id: k.id } })).lastUsedAt;
    assert.ok(third && third > first);
  });
});

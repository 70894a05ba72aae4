// Who a request is, against the real database: a read-API token acts for its owner with the weaker
// role and only tenants the owner still has; a disabled owner disables the token; the last admin
// cannot be removed; a reset ends sessions.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";

process.env.RELAYSCOPE_AUTH_SECRET ??= "integration-test-auth-secret-0123456789abcdef";

import { resolvePrincipal } from "../../lib/auth/principal";
import { createUser, resetPassword, updateUser } from "../../lib/auth/users";
import { closePools } from "../../lib/db/pool";
import { disconnectPrisma, prisma } from "../../lib/db/prisma";
import { createKey } from "../../lib/keys/store";
import { testDatabaseUrl, uid } from "../support/db";

testDatabaseUrl();
after(async () => {
  await disconnectPrisma();
  await closePools();
});

const actor = { actorType: "system" as const, actorId: "test" };
const bearer = (key: string) => new Headers({ authorization: `Bearer ${key}` });
let tenantA: string;
let tenantB: string;

before(async () => {
  tenantA = (await prisma().tenant.create({ data: { slug: `a-${uid()}`, name: "A" } })).id;
  tenantB = (await prisma().tenant.create({ data: { slug: `b-${uid()}`, name: "B" } })).id;
});

async function token(userId: string, role: "viewer" | "operator", tenantId?: string): Promise<string> {
  return (await createKey({ kind: "api", name: `t-${uid()}`, userId, role, scope: { tenantId } })).key;
}

describe("principals", () => {
  it("a token carries at most its owner's role and only the owner's tenants", async () => {
    const viewer = await createUser(
      { email: `v-${uid()}@t.test`, role: "viewer", tenantIds: [tenantA], password: "a long enough password" },
      actor,
    );
    const r = await resolvePrincipal(bearer(await token(viewer.id, "operator")));
    assert.ok("principal" in r);
    assert.equal(r.principal.kind, "token");
    assert.equal(r.principal.role, "viewer", "an operator token of a viewer acts as a viewer");
    assert.deepEqual(r.principal.tenantIds, [tenantA]);
    // Limited to a tenant the owner lacks: it sees nothing, not tenant B.
    const outside = await resolvePrincipal(bearer(await token(viewer.id, "viewer", tenantB)));
    assert.ok("principal" in outside);
    assert.deepEqual(outside.principal.tenantIds, []);
    // Grants follow the owner: take tenant A away and the token loses it too.
    const t = await token(viewer.id, "viewer");
    await updateUser(viewer.id, { tenantIds: [tenantB] }, actor);
    const moved = await resolvePrincipal(bearer(t));
    assert.ok("principal" in moved);
    assert.deepEqual(moved.principal.tenantIds, [tenantB]);
  });

  it("an admin's token sees every tenant unless limited to one", async () => {
    const admin = await createUser({ email: `a-${uid()}@t.test`, role: "admin", password: "a long enough password" }, actor);
    const all = await resolvePrincipal(bearer(await token(admin.id, "operator")));
    assert.ok("principal" in all);
    assert.equal(all.principal.tenantIds, null);
    assert.equal(all.principal.role, "operator", "never admin through a token");
    const one = await resolvePrincipal(bearer(await token(admin.id, "viewer", tenantA)));
    assert.ok("principal" in one);
    assert.deepEqual(one.principal.tenantIds, [tenantA]);
  });

  it("a disabled owner's tokens stop at once; an ownerless token never worked", async () => {
    const op = await createUser(
      { email: `o-${uid()}@t.test`, role: "operator", tenantIds: [tenantA], password: "a long enough password" },
      actor,
    );
    const t = await token(op.id, "operator");
    assert.ok("principal" in (await resolvePrincipal(bearer(t))));
    await updateUser(op.id, { disabled: true }, actor);
    assert.deepEqual(await resolvePrincipal(bearer(t)), { invalidToken: "the token's owner is disabled or gone" });
    const ownerless = (await createKey({ kind: "api", name: `legacy-${uid()}` })).key;
    assert.ok("invalidToken" in (await resolvePrincipal(bearer(ownerless))));
    assert.ok("invalidToken" in (await resolvePrincipal(bearer("rs_api_nope"))));
    assert.deepEqual(await resolvePrincipal(new Headers()), { anonymous: true });
  });

  it("the last enabled admin cannot be demoted or disabled", async () => {
    const admins = await prisma().user.findMany({ where: { role: "admin", disabledAt: null }, select: { id: true } });
    const lone = await createUser({ email: `lone-${uid()}@t.test`, role: "admin", password: "a long enough password" }, actor);
    // Disable every other admin first (test database only), then try to remove the last one.
    for (const a of admins) await updateUser(a.id, { disabled: true }, actor);
    await assert.rejects(updateUser(lone.id, { role: "viewer" }, actor), /last enabled admin/);
    await assert.rejects(updateUser(lone.id, { disabled: true }, actor), /last enabled admin/);
    for (const a of admins) await updateUser(a.id, { disabled: false }, actor);
  });

  it("a password reset gives a one-time password and ends sessions; changes are audited", async () => {
    const u = await createUser({ email: `r-${uid()}@t.test`, role: "viewer", password: "a long enough password" }, actor);
    await prisma().authSession.create({
      data: { id: randomUUID(), token: `tok-${uid()}`, userId: u.id, expiresAt: new Date(Date.now() + 3_600_000) },
    });
    const before = await token(u.id, "viewer");
    const oneTime = await resetPassword(u.id, actor);
    assert.deepEqual(
      await resolvePrincipal(bearer(before)),
      { invalidToken: "the token is revoked" },
      "a reset revokes the person's tokens",
    );
    assert.match(oneTime, /^[A-Za-z0-9]{20}$/);
    assert.equal(await prisma().authSession.count({ where: { userId: u.id } }), 0);
    assert.equal((await prisma().user.findUniqueOrThrow({ where: { id: u.id } })).mustChangePassword, true);
    const actions = (await prisma().auditLog.findMany({ where: { targetId: u.email }, select: { action: true } })).map((a) => a.action);
    assert.deepEqual(actions.sort(), ["user.create", "user.password_reset"]);
    await assert.rejects(createUser({ email: u.email.toUpperCase(), role: "viewer" }, actor), /exists already/);
    await assert.rejects(createUser({ email: "not-an-email", role: "viewer" }, actor), /not an email address/);
    await assert.rejects(createUser({ email: `s-${uid()}@t.test`, role: "viewer", password: "short" }, actor), /at least 12/);
  });
});

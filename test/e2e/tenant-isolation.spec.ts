// Issue 6 AC4: a person granted tenant A never sees tenant B's rows through any route that exists
// now — the overview (servers, their sessions, apps and their keys), /api/v1/me, their own tokens —
// and a token limited to a tenant sees only it. Admin routes are closed to them (authz matrix).
import path from "node:path";
import { type Browser, expect, test } from "@playwright/test";
import { ROOT, runCli } from "../support/cli";
import { removeAppsAndServers } from "../support/e2e-cleanup";
import { createToken } from "../support/tokens";
import { addUser, signInPage, type TestUser } from "../support/users";

const FIXTURE = path.join(ROOT, "test", "fixtures", "coturn", "s01-ltcred-udp-basic.log");
const tag = `iso${Date.now().toString(36)}`;
// No name is a substring of another, so "not contained" checks mean what they say.
const T = { a: `${tag}-t-one`, b: `${tag}-t-two` };
const SERVERS = { a: `${tag}-s-one`, b: `${tag}-s-two` };
const APPS = { a: `${tag}-w-one`, b: `${tag}-w-two` };

async function cli(args: string[]): Promise<void> {
  const r = await runCli(args);
  expect(r.code, `relayscope ${args.join(" ")}\n${r.stderr}`).toBe(0);
}

async function overviewAs(browser: Browser, user: TestUser): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInPage(page, user);
  await page.goto("/setup");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const text = await page.locator("main").innerText();
  await page.screenshot({ path: `test-results/screenshots/tenant-isolation-${user.email.split("-")[0]}.png`, fullPage: true });
  await context.close();
  return text;
}

test.afterAll(async () => {
  await removeAppsAndServers(Object.values(APPS), Object.values(SERVERS));
});

test("a viewer of one tenant sees none of another tenant's rows", async ({ browser, playwright, baseURL }) => {
  test.setTimeout(120_000);
  await cli(["tenant", "add", T.a]);
  await cli(["tenant", "add", T.b]);
  await cli(["server", "add", SERVERS.a, "--tenant", T.a, "--url", "turn:192.0.2.10:3478"]);
  await cli(["server", "add", SERVERS.b, "--tenant", T.b, "--url", "turn:192.0.2.11:3478"]);
  await cli(["app", "add", APPS.a, "--tenant", T.a, "--origin", "https://a.example"]);
  await cli(["app", "add", APPS.b, "--tenant", T.b, "--origin", "https://b.example"]);
  // Real relay sessions for tenant A's server only.
  await cli(["collect", "coturn", "--file", FIXTURE, "--server", SERVERS.a, "--direct", "--once"]);

  const viewerA = await addUser("viewer", [T.a], "viewer-a");
  const viewerB = await addUser("viewer", [T.b], "viewer-b");

  const seenByA = await overviewAs(browser, viewerA);
  expect(seenByA).toContain(SERVERS.a);
  expect(seenByA).toMatch(/\d+ relay sessions?, agent last delivered/);
  expect(seenByA).toContain(APPS.a);
  for (const foreign of [SERVERS.b, APPS.b, T.b]) expect(seenByA).not.toContain(foreign);

  const seenByB = await overviewAs(browser, viewerB);
  expect(seenByB).toContain(SERVERS.b);
  expect(seenByB).toContain(APPS.b);
  for (const foreign of [SERVERS.a, APPS.a, T.a]) expect(seenByB).not.toContain(foreign);
  expect(seenByB).not.toMatch(/\d+ relay sessions?, agent/);

  // The read API answers with the caller's tenants only; a token never widens them.
  const tokenB = await createToken(viewerB.email, "viewer");
  const tokenBLimitedToA = await createToken(viewerB.email, "viewer", T.a);
  for (const [token, tenants] of [
    [tokenB, [T.b]],
    [tokenBLimitedToA, []],
  ] as const) {
    const ctx = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    const me = await (await ctx.get("/api/v1/me")).json();
    expect(me.tenants.map((t: { slug: string }) => t.slug)).toEqual(tenants);
    expect(me.allTenants).toBe(false);
    // Their own token list holds only their own tokens, never another person's.
    expect((await ctx.get("/api/account/tokens")).status()).toBe(403);
    await ctx.dispose();
  }
  const tokenA = await createToken(viewerA.email, "viewer");
  const ctxB = await browser.newContext();
  const pageB = await ctxB.newPage();
  await signInPage(pageB, viewerB);
  const listed = JSON.stringify(await (await ctxB.request.get("/api/account/tokens")).json());
  expect(listed).not.toContain(tokenA.split("_").slice(0, 3).join("_"));
  expect(listed).toContain(tokenB.split("_").slice(0, 3).join("_"));
  await ctxB.close();
});

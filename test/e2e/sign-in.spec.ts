// Issue 6 AC2 (sign in, sign out, wrong password with one generic message and a rate limit, the
// first-admin flow), AC3 (a cross-origin change with a valid cookie is refused) and AC6 (security
// headers on pages and APIs), through Debian's Chromium against `relayscope start`.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startApp } from "../support/app";
import { runCli } from "../support/cli";
import { scratchDatabase } from "../support/db";
import { addUser, signInPage, signInRequest, testClientAddress } from "../support/users";

test("sign in, see who is signed in, sign out", async ({ browser }) => {
  const user = await addUser("viewer");
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": testClientAddress() } });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\?next=%2F$/);
  await expect(page.getByRole("heading", { name: "Sign in to relayscope" })).toBeVisible();
  await signInPage(page, user);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("banner")).toContainText(`${user.email} (viewer)`);
  await page.screenshot({ path: "test-results/screenshots/signed-in.png", fullPage: true });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  // The session is gone on the server, not only in this tab.
  const me = await context.request.get("/api/v1/me");
  expect(me.status()).toBe(401);
  await page.goto("/settings/tokens");
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings%2Ftokens$/);
  await context.close();
});

test("a wrong password gets one generic message, and the sixth try in a minute is refused", async ({ browser }) => {
  const user = await addUser("viewer");
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": testClientAddress() } });
  const page = await context.newPage();
  await page.goto("/login");
  const attempt = async (email: string, password: string) => {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Next's route announcer is an (empty) alert too; ours is the form's.
    const alert = page.locator("form").getByRole("alert");
    await expect(alert).toBeVisible();
    return alert;
  };
  // A wrong password and an unknown email read exactly alike.
  const wrongPassword = await (await attempt(user.email, "not-the-password-at-all")).textContent();
  expect(wrongPassword).toBe("Email or password is incorrect, or the account is disabled.");
  await page.reload();
  const unknownEmail = await (await attempt("nobody-here@e2e.test", "not-the-password-at-all")).textContent();
  expect(unknownEmail).toBe(wrongPassword);
  for (let i = 0; i < 3; i++) {
    await page.reload();
    await expect(await attempt(user.email, `wrong-${i}-password`)).toHaveText(/incorrect/);
  }
  // Five attempts per minute per address (RELAYSCOPE_SIGNIN_ATTEMPTS_PER_MINUTE): even the right
  // password is refused now, with when to try again.
  await page.reload();
  await expect(await attempt(user.email, user.password)).toHaveText(
    /Too many sign-in attempts from your network\. Try again in \d+ seconds\./,
  );
  await expect(page).toHaveURL(/\/login$/);
  // Another address is not affected.
  const other = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": testClientAddress() } });
  await signInPage(await other.newPage(), user);
  await other.close();
  await context.close();
});

test("a cross-origin change with a valid session cookie is refused (CSRF)", async ({ browser, baseURL }) => {
  const admin = await addUser("admin");
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": testClientAddress() } });
  await signInPage(await context.newPage(), admin);
  const body = { slug: `csrf-${Date.now().toString(36)}`, name: "CSRF" };
  // The cookie is valid: the same request from our own origin is accepted.
  for (const [origin, site] of [
    ["https://evil.example", "cross-site"],
    [undefined, undefined],
    [baseURL as string, "cross-site"],
  ] as const) {
    const res = await context.request.post("/api/admin/tenants", {
      data: body,
      headers: { ...(origin ? { origin } : {}), ...(site ? { "sec-fetch-site": site } : {}) },
    });
    expect(res.status(), `origin ${origin}, sec-fetch-site ${site}`).toBe(403);
    expect((await res.json()).error.message).toMatch(/cross-origin/);
  }
  const ok = await context.request.post("/api/admin/tenants", {
    data: body,
    headers: { origin: baseURL as string, "sec-fetch-site": "same-origin" },
  });
  expect(ok.status(), await ok.text()).toBe(201);
  // better-auth's own endpoints check the origin too: a foreign page cannot change the password.
  const foreign = await context.request.post("/api/auth/change-password", {
    data: { currentPassword: admin.password, newPassword: "attacker-chosen-password" },
    headers: { origin: "https://evil.example" },
  });
  expect(foreign.status()).toBe(403);
  // And the cookie is SameSite=Lax + HttpOnly, so other sites' requests do not carry it at all.
  const cookie = (await context.cookies()).find((c) => c.name.endsWith("session_token"));
  expect(cookie?.sameSite).toBe("Lax");
  expect(cookie?.httpOnly).toBe(true);
  await context.close();
});

test("the auth endpoints refuse other local ports, self-service edits, unchanged passwords, and hide disabled accounts", async ({
  playwright,
  baseURL,
}) => {
  const origin = baseURL as string;
  const user = await addUser("viewer");
  const ctx = await playwright.request.newContext({ baseURL: origin, extraHTTPHeaders: { "x-forwarded-for": testClientAddress() } });
  await signInRequest(ctx, origin, user);
  // A page on another port of this machine is another origin, cookie or not.
  const otherPort = new URL(origin).port === "1" ? "http://127.0.0.1:2" : "http://127.0.0.1:1";
  const foreign = await ctx.post("/api/auth/sign-out", { data: {}, headers: { origin: otherPort } });
  expect(foreign.status()).toBe(403);
  expect((await ctx.get("/api/v1/me")).status(), "still signed in").toBe(200);
  const rename = await ctx.post("/api/auth/update-user", { data: { name: "someone else" }, headers: { origin } });
  expect(rename.status()).toBe(403);
  const same = await ctx.post("/api/auth/change-password", {
    data: { currentPassword: user.password, newPassword: user.password },
    headers: { origin },
  });
  expect(same.status()).toBe(400);
  expect((await same.json()).code).toBe("PASSWORD_UNCHANGED");
  await ctx.dispose();

  // A disabled account: the right password reads exactly like a wrong one.
  const disabled = await runCli(["user", "disable", user.email]);
  expect(disabled.code, disabled.stderr).toBe(0);
  const attempt = async (password: string) => {
    const c = await playwright.request.newContext({ baseURL: origin, extraHTTPHeaders: { "x-forwarded-for": testClientAddress() } });
    const res = await c.post("/api/auth/sign-in/email", { data: { email: user.email, password }, headers: { origin } });
    const answer = { status: res.status(), body: await res.json() };
    await c.dispose();
    return answer;
  };
  expect(await attempt(user.password)).toEqual(await attempt("not-the-password-at-all"));
});

test("security headers on pages and APIs", async ({ request }) => {
  const page = await request.get("/login");
  const h = page.headers();
  expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["content-security-policy"]).toContain("object-src 'none'");
  // The nonce in the header is the one on the page's scripts, and differs per request.
  const nonce = /'nonce-([^']+)'/.exec(h["content-security-policy"])?.[1];
  expect(await page.text()).toContain(`nonce="${nonce}"`);
  const again = (await request.get("/login")).headers()["content-security-policy"];
  expect(again).not.toBe(h["content-security-policy"]);
  for (const res of [
    page,
    await request.get("/api/health"),
    await request.get("/api/v1/me"),
    await request.get("/metrics"),
    await request.get("/sdk.js"),
  ]) {
    const headers = res.headers();
    expect(headers["x-content-type-options"], res.url()).toBe("nosniff");
    expect(headers["referrer-policy"], res.url()).toBe("no-referrer");
    expect(headers["x-frame-options"], res.url()).toBe("DENY");
    expect(headers["content-security-policy"], res.url()).toContain("frame-ancestors 'none'");
  }
  expect((await request.get("/api/health")).headers()["content-security-policy"]).toContain("default-src 'none'");
  // The getStats ingest, served beside Next by `relayscope start`, carries them too.
  const ingest = await request.post("/api/ingest/getstats", { data: {} });
  expect(ingest.headers()["x-content-type-options"]).toBe("nosniff");
  expect(ingest.headers()["content-security-policy"]).toContain("default-src 'none'");
});

test("first start: the first admin's one-time password is printed once and must be replaced", async ({ browser }) => {
  test.setTimeout(120_000);
  const db = await scratchDatabase("firstadmin");
  const dataDir = await mkdtemp(path.join(tmpdir(), "relayscope-first-admin-"));
  const app = await startApp({ DATABASE_URL: db.url, RELAYSCOPE_DATA_DIR: dataDir, RELAYSCOPE_ADMIN_EMAIL: "owner@e2e.test" });
  try {
    const printed = /one-time password: (\S+)/.exec(app.output());
    expect(app.output()).toContain("first admin created: owner@e2e.test");
    const oneTime = printed?.[1] as string;
    expect(oneTime).toMatch(/^[A-Za-z0-9]{20}$/);

    const context = await browser.newContext({ baseURL: app.url, extraHTTPHeaders: { "x-forwarded-for": testClientAddress() } });
    const page = await context.newPage();
    await signInPage(page, { email: "owner@e2e.test", password: oneTime, role: "admin" });
    // Every page sends a one-time password holder to choose their own first.
    await expect(page).toHaveURL(/\/account\/password$/);
    await expect(page.getByRole("heading", { name: "Choose your password" })).toBeVisible();
    await page.goto("/settings/users");
    await expect(page).toHaveURL(/\/account\/password$/);
    await page.getByLabel("Current password").fill(oneTime);
    await page.getByLabel(/^New password \(/).fill("the owner's own password");
    await page.getByLabel("New password again").fill("the owner's own password");
    await page.getByRole("button", { name: "Save password" }).click();
    await expect(page).toHaveURL(new RegExp(`^${app.url}/$`));
    await expect(page.getByRole("banner")).toContainText("owner@e2e.test (admin)");

    // The one-time password is spent; the new one works.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    const again = await context.request.post("/api/auth/sign-in/email", {
      data: { email: "owner@e2e.test", password: oneTime },
      headers: { origin: app.url },
    });
    expect(again.status()).toBe(401);
    await signInPage(page, { email: "owner@e2e.test", password: "the owner's own password", role: "admin" });
    await expect(page).toHaveURL(new RegExp(`^${app.url}/$`));
    await context.close();
  } finally {
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
    await db.drop();
  }
  // A second start finds an admin and prints no password.
  const db2 = await scratchDatabase("firstadmin2");
  const dir2 = await mkdtemp(path.join(tmpdir(), "relayscope-first-admin-"));
  try {
    const first = await startApp({ DATABASE_URL: db2.url, RELAYSCOPE_DATA_DIR: dir2 });
    await first.stop();
    const second = await startApp({ DATABASE_URL: db2.url, RELAYSCOPE_DATA_DIR: dir2 });
    expect(second.output()).not.toContain("one-time password");
    await second.stop();
  } finally {
    await rm(dir2, { recursive: true, force: true });
    await db2.drop();
  }
});

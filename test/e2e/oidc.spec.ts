// Optional OIDC single sign-on against a real OpenID Connect provider on 127.0.0.1 (oidc-provider in
// this process): with sign-up off only people an admin added get in (and not once disabled); with it
// on, a newcomer arrives as a viewer with no tenants. Two apps of our own on one scratch database.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { OIDC_CALLBACK_PATH } from "../../lib/auth/oidc";
import { freePort } from "../../lib/net/ports";
import { type RunningApp, startApp } from "../support/app";
import { runCli } from "../support/cli";
import { scratchDatabase, withClient } from "../support/db";
import { type OidcIssuer, startOidcIssuer } from "../support/oidc-issuer";
import { TEST_PASSWORD, testClientAddress } from "../support/users";

test.describe.configure({ mode: "serial", timeout: 240_000 });

const SSO_NAME = "Test SSO";
const ANA = "ana@e2e.test";

let db: { url: string; drop: () => Promise<void> };
let dataDir: string;
let sso: OidcIssuer;
let ports: { closed: number; open: number };
let app: RunningApp | undefined;

function appEnv(signUp: "on" | "off") {
  return {
    DATABASE_URL: db.url,
    RELAYSCOPE_DATA_DIR: dataDir,
    RELAYSCOPE_OIDC_ISSUER: sso.issuer,
    RELAYSCOPE_OIDC_CLIENT_ID: sso.clientId,
    RELAYSCOPE_OIDC_CLIENT_SECRET: sso.clientSecret,
    RELAYSCOPE_OIDC_NAME: SSO_NAME,
    RELAYSCOPE_OIDC_SIGNUP: signUp,
    // Each browser gets its own X-Forwarded-For address: better-auth allows three /sign-in/*
    // requests (the SSO start included) per address in ten seconds.
    RELAYSCOPE_TRUSTED_PROXY_HOPS: "1",
  };
}

async function cli(args: string[], stdin?: string): Promise<void> {
  const r = await runCli(args, { DATABASE_URL: db.url, RELAYSCOPE_DATA_DIR: dataDir }, 60_000, stdin);
  if (r.code !== 0) throw new Error(`relayscope ${args.join(" ")} failed: ${r.stderr}`);
}

const query = <T>(sql: string, params: unknown[]) => withClient(db.url, async (c) => (await c.query(sql, params)).rows as T[]);

/** Login page → "Sign in with Test SSO" → the provider's own login and consent → back at the app. */
async function ssoSignIn(browser: Browser, base: RunningApp, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: base.url, extraHTTPHeaders: { "x-forwarded-for": testClientAddress() } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByRole("button", { name: `Sign in with ${SSO_NAME}` }).click();
  await page.waitForURL((u) => u.origin === sso.issuer, { timeout: 30_000 });
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill("whatever the provider checks");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  // Past the callback (a redirect), on one of the app's pages.
  await page
    .waitForURL((u) => u.origin === base.url && !u.pathname.startsWith("/api/"), { timeout: 30_000 })
    .catch((err: Error) => {
      throw new Error(`${err.message}\nprovider: ${sso.errors().join("\n")}\napp:\n${base.output().slice(-3000)}`);
    });
  return page;
}

async function expectRefused(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/login\?/);
  expect(new URL(page.url()).searchParams.get("error")).toBeTruthy();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Single sign-on did not sign you in. Ask an admin to add your account.");
  expect((await page.context().request.get("/api/v1/me")).status()).toBe(401);
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  db = await scratchDatabase("oidc");
  dataDir = await mkdtemp(path.join(tmpdir(), "relayscope-oidc-"));
  ports = { closed: await freePort(), open: await freePort() };
  sso = await startOidcIssuer([ports.closed, ports.open].map((p) => `http://127.0.0.1:${p}${OIDC_CALLBACK_PATH}`));
  app = await startApp(appEnv("off"), ports.closed, 180_000);
  await cli(["user", "add", ANA, "--role", "operator", "--password-stdin"], TEST_PASSWORD);
});

test.afterAll(async () => {
  test.setTimeout(120_000);
  await app?.stop();
  await sso?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  await db?.drop();
});

test("sign-up off: someone nobody added is refused, and no user is made", async ({ browser }) => {
  const email = "stranger@e2e.test";
  const page = await ssoSignIn(browser, app as RunningApp, email);
  await expectRefused(page);
  expect(await query("SELECT id FROM app_user WHERE email = $1", [email])).toHaveLength(0);
  await page.context().close();
});

test("a person an admin added signs in with SSO, linked to their account by email", async ({ browser }) => {
  const page = await ssoSignIn(browser, app as RunningApp, ANA);
  await expect(page).toHaveURL(`${(app as RunningApp).url}/`);
  await expect(page.getByRole("banner")).toContainText(`${ANA} (operator)`);
  // One person, now with a password and an SSO account, and the sign-in audited.
  const users = await query<{ id: string }>("SELECT id FROM app_user WHERE email = $1", [ANA]);
  expect(users).toHaveLength(1);
  const accounts = await query<{ provider_id: string; account_id: string }>(
    "SELECT provider_id, account_id FROM auth_account WHERE user_id = $1 ORDER BY provider_id",
    [users[0].id],
  );
  expect(accounts.map((a) => a.provider_id)).toEqual(["credential", "oidc"]);
  await expect
    .poll(async () => (await query("SELECT 1 FROM audit_log WHERE action = 'user.sign_in' AND actor_id = $1", [ANA])).length)
    .toBe(1);
  await page.context().close();
});

test("a disabled person is refused by SSO too", async ({ browser }) => {
  await cli(["user", "disable", ANA]);
  const sessionsBefore = await query("SELECT s.id FROM auth_session s JOIN app_user u ON u.id = s.user_id WHERE u.email = $1", [ANA]);
  const page = await ssoSignIn(browser, app as RunningApp, ANA);
  await expectRefused(page);
  const sessionsAfter = await query("SELECT s.id FROM auth_session s JOIN app_user u ON u.id = s.user_id WHERE u.email = $1", [ANA]);
  expect(sessionsAfter).toEqual(sessionsBefore);
  await page.context().close();
});

test("sign-up on: a newcomer arrives as a viewer with no tenants", async ({ browser }) => {
  await app?.stop();
  app = await startApp(appEnv("on"), ports.open, 180_000);
  const email = "newcomer@e2e.test";
  const page = await ssoSignIn(browser, app, email);
  await expect(page.getByRole("banner")).toContainText(`${email} (viewer)`);
  const rows = await query<{ role: string; disabled_at: Date | null; tenants: number }>(
    "SELECT u.role::text AS role, u.disabled_at, (SELECT count(*)::int FROM user_tenant t WHERE t.user_id = u.id) AS tenants FROM app_user u WHERE u.email = $1",
    [email],
  );
  expect(rows).toEqual([{ role: "viewer", disabled_at: null, tenants: 0 }]);
  const me = await page.context().request.get("/api/v1/me");
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ kind: "user", email, role: "viewer", allTenants: false, tenants: [] });
  await page.context().close();
});

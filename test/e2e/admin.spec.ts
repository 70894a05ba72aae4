// Issue 6: an admin sets up tenants, servers, apps and keys from the settings pages (secrets shown
// once, revocation at once), adds a person, makes a personal read-API token that works, and finds
// every one of those changes in the audit log with who did it and from which address prefix.
import { expect, type Page, test } from "@playwright/test";
import { removeAppsAndServers } from "../support/e2e-cleanup";
import { addUser, signInPage, signInRequest, testClientAddress } from "../support/users";

const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const tenant = `t-${id}`;
const server = `turn-${id}`;
const app = `web-${id}`;

// Other specs start from an empty inventory (the home page's first-run view).
test.afterAll(async () => {
  await removeAppsAndServers([app], [server]);
});

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/settings-${name}.png`, fullPage: true });

test("admin UI: inventory, keys shown once and revoked, users, tokens, audit log", async ({ page, request }) => {
  // One story across seven pages, each a real round trip: longer than the 30 s default.
  test.setTimeout(120_000);
  const admin = await addUser("admin");
  const address = testClientAddress();
  const prefix = `${address.split(".").slice(0, 3).join(".")}.0/24`;
  await signInPage(page, admin, address);

  // A tenant.
  await page.goto("/settings/tenants");
  await expect(page.getByRole("navigation", { name: "settings" }).getByRole("link", { name: "Audit log" })).toBeVisible();
  await page.getByLabel("Slug").fill(tenant);
  await page.getByLabel("Name", { exact: true }).fill("E2E tenant");
  await page.getByRole("button", { name: "Add tenant" }).click();
  await expect(page.getByRole("row", { name: new RegExp(tenant) })).toContainText("E2E tenant");
  await shot(page, "tenants");

  // A server whose realm rule names that tenant.
  await page.goto("/settings/servers");
  await page.getByLabel("Name", { exact: true }).fill(server);
  await page.getByLabel("Region").fill("eu-west");
  await page.getByLabel("ICE urls").fill("turn:127.0.0.1:3478");
  await page.getByLabel("Default tenant").selectOption({ label: "default" });
  await page.getByLabel("Realm rules").fill(`example.e2e=${tenant}`);
  await page.getByLabel("Relay ports").fill("49152-65535");
  await page.getByRole("button", { name: "Add server" }).click();
  const serverRow = page.getByRole("row", { name: new RegExp(server) });
  await expect(serverRow).toContainText(`example.e2e=${tenant} *=default`);
  await expect(serverRow).toContainText("turn:127.0.0.1:3478");
  await shot(page, "servers");

  // An app in the new tenant.
  await page.goto("/settings/apps");
  await page.getByLabel("Name", { exact: true }).fill(app);
  await page.getByLabel("Tenant", { exact: true }).selectOption({ label: tenant });
  await page.getByLabel("Allowed origins").fill("https://app.e2e.test");
  await page.getByRole("button", { name: "Add app" }).click();
  await expect(page.getByRole("row", { name: new RegExp(app) })).toContainText("https://app.e2e.test");
  await shot(page, "apps");

  // An app key: shown once, it works; after a reload it is gone from the page for good.
  await page.goto("/settings/keys");
  await page.getByLabel("Kind").selectOption("app");
  await page.getByLabel("Name", { exact: true }).fill(`${app}-key`);
  await page.getByLabel("App", { exact: true }).selectOption({ label: `${app} (${tenant})` });
  await page.getByRole("button", { name: "Create key" }).click();
  const once = page.getByRole("region", { name: /^New app key rs_app_/ });
  await expect(once).toContainText("Shown only this once");
  const key = (await once.getByLabel(/value$/).textContent())?.trim() ?? "";
  expect(key).toMatch(/^rs_app_[a-z0-9]{10}_[0-9a-f]{48}$/);
  const keyPrefix = key.split("_").slice(0, 3).join("_");
  const keyRow = page.getByRole("row", { name: new RegExp(keyPrefix) });
  await expect(keyRow).toContainText(`app ${app} (${tenant})`);
  await expect(keyRow).toContainText("active");
  await shot(page, "key-created");
  const whoami = await request.get("/api/ingest/whoami", { headers: { authorization: `Bearer ${key}` } });
  expect(whoami.status()).toBe(200);
  expect((await whoami.json()).key).toMatchObject({ prefix: keyPrefix, kind: "app", tenant, app });
  await page.reload();
  await expect(keyRow).toBeVisible();
  await expect(page.getByText(key)).toHaveCount(0);
  await expect(page.getByRole("region", { name: /^New app key/ })).toHaveCount(0);

  // Revoked at once: the list says so and the key no longer authenticates.
  await keyRow.getByRole("button", { name: "Revoke" }).click();
  await keyRow.getByRole("button", { name: "Yes, revoke" }).click();
  await expect(keyRow).toContainText("revoked");
  await expect(keyRow.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  expect((await request.get("/api/ingest/whoami", { headers: { authorization: `Bearer ${key}` } })).status()).toBe(401);
  await shot(page, "key-revoked");

  // A viewer of the new tenant, with a one-time password shown once.
  const viewerEmail = `viewer-${id}@e2e.test`;
  await page.goto("/settings/users");
  const addForm = page.locator("form", { has: page.getByRole("button", { name: "Add user" }) });
  await addForm.getByLabel("Email").fill(viewerEmail);
  await addForm.getByLabel("Role").selectOption("viewer");
  await addForm.getByRole("checkbox", { name: tenant }).check();
  await page.getByRole("button", { name: "Add user" }).click();
  const password = page.getByRole("region", { name: `One-time password for ${viewerEmail}` });
  await expect(password).toContainText("Shown only this once");
  expect((await password.getByLabel(/value$/).textContent())?.trim()).toMatch(/^[A-Za-z0-9]{20}$/);
  const viewerRow = page.getByRole("row", { name: new RegExp(viewerEmail) });
  await expect(viewerRow).toContainText("viewer");
  await expect(viewerRow).toContainText(tenant);
  await expect(viewerRow).toContainText("one-time password");
  await shot(page, "users");

  // A personal read-API token that works with the read API, and shows when it was last used.
  await page.goto("/settings/tokens");
  await page.getByLabel("Name", { exact: true }).fill(`token-${id}`);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByLabel("Expires in").fill("30d");
  await page.getByRole("button", { name: "Create token" }).click();
  const tokenBox = page.getByRole("region", { name: /^New API token rs_api_/ });
  const token = (await tokenBox.getByLabel(/value$/).textContent())?.trim() ?? "";
  expect(token).toMatch(/^rs_api_/);
  const tokenRow = page.getByRole("row", { name: new RegExp(token.split("_").slice(0, 3).join("_")) });
  await expect(tokenRow).toContainText("never");
  const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ kind: "token", email: admin.email, role: "viewer" });
  await page.reload();
  await expect(tokenRow).toContainText("active");
  await expect(tokenRow).not.toContainText("never");
  await shot(page, "tokens");

  // The audit log: each change, by this admin, from this address's /24.
  await page.goto("/settings/audit");
  for (const [action, target] of [
    ["tenant.create", tenant],
    ["server.create", server],
    ["app.create", app],
    ["key.create", keyPrefix],
    ["key.revoke", keyPrefix],
    ["user.create", viewerEmail],
    ["token.create", "rs_api_"],
  ]) {
    const row = page.getByRole("row").filter({ hasText: action }).filter({ hasText: admin.email }).first();
    await expect(row, action).toContainText(prefix);
    await expect(row, action).toContainText(target);
  }
  await expect(page.getByRole("columnheader", { name: "Prefix" })).toBeVisible();
  await shot(page, "audit");

  // Filtering by action keeps only that action.
  await page.getByLabel("Action").fill("key.revoke");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("row").filter({ hasText: "key.create" })).toHaveCount(0);
  await expect(page.getByRole("row").filter({ hasText: keyPrefix })).toHaveCount(1);
});

test("admin API answers bad input with the field, unknown ids with 404, duplicates with 409", async ({ playwright, baseURL }) => {
  const origin = baseURL ?? "";
  const admin = await addUser("admin");
  const viewer = await addUser("viewer");
  const asAdmin = await playwright.request.newContext({ baseURL: origin, extraHTTPHeaders: { origin } });
  const asViewer = await playwright.request.newContext({ baseURL: origin, extraHTTPHeaders: { origin } });
  await signInRequest(asAdmin, origin, admin);
  await signInRequest(asViewer, origin, viewer);

  const bad = await asAdmin.post("/api/admin/servers", { data: { name: "ok-name", defaultTenantId: "nope", urls: ["http://x"] } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error).toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^(urls\.0|defaultTenantId): /) });

  const slug = `dup-${Date.now().toString(36)}`;
  expect((await asAdmin.post("/api/admin/tenants", { data: { slug } })).status()).toBe(201);
  const dup = await asAdmin.post("/api/admin/tenants", { data: { slug } });
  expect(dup.status()).toBe(409);
  expect((await dup.json()).error.code).toBe("conflict");

  const unknown = "00000000-0000-4000-8000-000000000000";
  expect((await asAdmin.delete(`/api/admin/keys/${unknown}`)).status()).toBe(404);
  expect((await asAdmin.patch(`/api/admin/apps/${unknown}`, { data: { origins: [] } })).status()).toBe(404);
  expect((await asAdmin.patch(`/api/admin/users/${unknown}`, { data: { role: "viewer" } })).status()).toBe(404);

  // A viewer may make viewer tokens only, and cannot revoke the admin's token (404, not 403).
  expect((await asViewer.post("/api/account/tokens", { data: { name: "x", role: "operator" } })).status()).toBe(400);
  const mine = await asAdmin.post("/api/account/tokens", { data: { name: "admin-token" } });
  expect(mine.status()).toBe(201);
  const { id } = await mine.json();
  expect((await asViewer.delete(`/api/account/tokens/${id}`)).status()).toBe(404);
  expect((await asViewer.get("/api/admin/audit")).status()).toBe(403);
  expect((await asAdmin.delete(`/api/account/tokens/${id}`)).status()).toBe(200);
  await asAdmin.dispose();
  await asViewer.dispose();
});

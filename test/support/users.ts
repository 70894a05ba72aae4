// People for tests, made through the real CLI (`user add --password-stdin`), and signing in through
// the real endpoint. Each test passes its own client address (the e2e app trusts one proxy hop), so
// sign-in rate limits of one test never touch another.
import type { APIRequestContext, Page } from "@playwright/test";
import { runCli } from "./cli";

export const TEST_PASSWORD = "e2e-password-long-enough";

export type TestUser = { email: string; password: string; role: "viewer" | "operator" | "admin" };

let counter = 0;

/** A fresh address in 10.0.0.0/8 for one test's requests (X-Forwarded-For). */
export function testClientAddress(): string {
  counter++;
  const n = (process.pid * 7919 + counter * 104729 + Date.now()) % 16_000_000;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export async function addUser(role: TestUser["role"], tenants: string[] = [], prefix: string = role): Promise<TestUser> {
  const email = `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}@e2e.test`;
  const args = ["user", "add", email, "--role", role, "--password-stdin", ...tenants.flatMap((t) => ["--tenant", t])];
  const r = await runCli(args, {}, 60_000, TEST_PASSWORD);
  if (r.code !== 0) throw new Error(`user add failed: ${r.stderr}`);
  return { email, password: TEST_PASSWORD, role };
}

/** Signs in through better-auth's endpoint; the request context keeps the session cookie. */
export async function signInRequest(
  request: APIRequestContext,
  baseURL: string,
  user: TestUser,
  address = testClientAddress(),
): Promise<void> {
  const res = await request.post("/api/auth/sign-in/email", {
    data: { email: user.email, password: user.password },
    headers: { origin: baseURL, "x-forwarded-for": address },
  });
  if (res.status() !== 200) throw new Error(`sign-in of ${user.email} failed: ${res.status()} ${await res.text()}`);
}

/** Signs in through the sign-in page, as a person does, from a fresh client address of its own. */
export async function signInPage(page: Page, user: TestUser, address = testClientAddress()): Promise<void> {
  await page.setExtraHTTPHeaders({ "x-forwarded-for": address });
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

// AC6: a new install shows an empty state that says how to add a server and a source; once a server
// exists it says it is waiting for data, honestly, per server.
import { expect, test } from "@playwright/test";
import { runCli } from "../support/cli";

test("empty state, then a server added with the CLI", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "No TURN servers yet" })).toBeVisible();
  await expect(page.getByText("Add a TURN server")).toBeVisible();
  await expect(page.getByText("npx relayscope server add turn-eu-1")).toBeVisible();
  await expect(page.getByText(/collectors are not available in this version yet/)).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/home-empty.png", fullPage: true });

  const added = await runCli(["server", "add", "turn-e2e-1", "--region", "eu-west", "--url", "turn:127.0.0.1:3478"]);
  expect(added.code, added.stderr).toBe(0);

  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Waiting for relay data" })).toBeVisible();
  const row = page.getByRole("row", { name: /turn-e2e-1/ });
  await expect(row).toContainText("eu-west");
  await expect(row).toContainText("turn:127.0.0.1:3478");
  await expect(row).toContainText("no data yet");
  await page.screenshot({ path: "test-results/screenshots/home-server-added.png", fullPage: true });
});

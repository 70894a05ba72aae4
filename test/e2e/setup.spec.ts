// AC6: a new install shows an empty state that says how to add a server and a source; once a server
// exists it says it is waiting for data, honestly, per server.
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ROOT, runCli } from "../support/cli";
import { addUser, signInPage } from "../support/users";

const FIXTURE = path.join(ROOT, "test", "fixtures", "coturn", "s01-ltcred-udp-basic.log");
const SCRAPE = readFileSync(path.join(ROOT, "test", "fixtures", "prometheus", "p01-coturn-4.17.1-prometheus-02-during-load-b.txt"));

test("empty state, then a server added with the CLI", async ({ page }) => {
  await signInPage(page, await addUser("admin"));
  await page.goto("/setup");
  await expect(page.getByRole("heading", { level: 1, name: "No TURN servers yet" })).toBeVisible();
  await expect(page.getByText("Add a TURN server")).toBeVisible();
  await expect(page.getByText("npx relayscope server add turn-eu-1")).toBeVisible();
  await expect(page.getByText("Start the coturn agent")).toBeVisible();
  await expect(page.getByText("Load the SDK in your pages")).toBeVisible();
  await expect(page.getByText("Scrape the server's Prometheus metrics")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/home-empty.png", fullPage: true });

  const added = await runCli(["server", "add", "turn-e2e-1", "--region", "eu-west", "--url", "turn:127.0.0.1:3478"]);
  expect(added.code, added.stderr).toBe(0);

  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Waiting for relay data" })).toBeVisible();
  const row = page.getByRole("row", { name: /turn-e2e-1/ });
  await expect(row).toContainText("eu-west");
  await expect(row).toContainText("turn:127.0.0.1:3478");
  await expect(row).toContainText("no data yet");
  await expect(row).toContainText("no metrics target");
  await page.screenshot({ path: "test-results/screenshots/home-server-added.png", fullPage: true });

  // A real coturn log read by the agent: the row says how many relay sessions arrived.
  const collected = await runCli(["collect", "coturn", "--file", FIXTURE, "--server", "turn-e2e-1", "--direct", "--once"]);
  expect(collected.code, collected.stderr).toBe(0);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Relay data is arriving" })).toBeVisible();
  await expect(page.getByRole("row", { name: /turn-e2e-1/ })).toContainText(/\d+ relay sessions, agent last delivered/);

  // A real coturn 4.17.1 metrics page, served on loopback, scraped once: the row shows the target.
  const exporter = http.createServer((_req, res) => res.end(SCRAPE));
  await new Promise<void>((r) => exporter.listen(0, "127.0.0.1", r));
  try {
    const url = `http://127.0.0.1:${(exporter.address() as { port: number }).port}/metrics`;
    const scraped = await runCli(["collect", "prometheus", "--url", url, "--server", "turn-e2e-1", "--direct", "--once"]);
    expect(scraped.code, scraped.stderr).toBe(0);
  } finally {
    exporter.close();
  }
  await page.reload();
  await expect(page.getByRole("row", { name: /turn-e2e-1/ })).toContainText(/scrape up, \d+ series/);
  await page.screenshot({ path: "test-results/screenshots/home-data-arriving.png", fullPage: true });
});

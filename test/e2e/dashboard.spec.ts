// Issue 7 AC2: the dashboard pages, signed in, on data that came through the collectors' real paths
// (two coturn logs through `collect coturn --direct --once`, browser summaries through
// POST /api/ingest/getstats with an app key, rolled up by `relayscope rollups refresh`, the job's
// own code). Each page opens; range and filters change the URL and the numbers; numbers shown equal
// the read API's; session and call drill-downs work; the dark theme toggles. Screenshots of every
// page go to test-results/screenshots/.
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { formatValue } from "../../lib/format/units";
import type { Bandwidth } from "../../lib/queries/overview/get-bandwidth";
import type { Overview } from "../../lib/queries/overview/get-overview";
import { ROOT, runCli } from "../support/cli";
import { removeAppsAndServers } from "../support/e2e-cleanup";
import { body, statsItem } from "../support/getstats";
import { addUser, signInPage } from "../support/users";

const tag = `dash${Date.now().toString(36)}`;
const TENANT = `${tag}-t`;
const SERVERS = { udp: `${tag}-eu`, mixed: `${tag}-us` };
const APP = `${tag}-web`;
const ORIGIN = "https://dash.example";
const LOGS = { udp: "s01-ltcred-udp-basic.log", mixed: "s02-transports-tcp-tls-dtls-tcprelay.log" };
// The fixture logs were written on 2026-11-21 from 08:00 UTC; browsers' rows land now.
const RANGE = `from=2026-11-21T08:00:00Z&to=${new Date(Math.ceil(Date.now() / 3_600_000 + 1) * 3_600_000).toISOString().replace(".000", "")}`;
const SHOTS = "test-results/screenshots";

async function cli(args: string[]): Promise<string> {
  const r = await runCli(args);
  expect(r.code, `relayscope ${args.join(" ")}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

function stat(page: Page, label: string) {
  return page
    .locator("dl.stat")
    .filter({ has: page.locator("dt", { hasText: new RegExp(`^${label.replace(/[()]/g, "\\$&")}$`) }) })
    .locator(".stat-value");
}

test.afterAll(async () => {
  await removeAppsAndServers([APP], Object.values(SERVERS));
});

test("the dashboard pages on real data: filters in the URL, numbers equal to the API, drill-downs, themes", async ({ page }) => {
  test.setTimeout(240_000);
  await cli(["tenant", "add", TENANT]);
  await cli(["server", "add", SERVERS.udp, "--tenant", TENANT, "--region", "eu-west", "--url", "turn:127.0.0.1:3478"]);
  await cli(["server", "add", SERVERS.mixed, "--tenant", TENANT, "--region", "us-east", "--url", "turns:127.0.0.2:5349"]);
  for (const [kind, file] of Object.entries(LOGS) as Array<[keyof typeof SERVERS, string]>) {
    const log = path.join(ROOT, "test", "fixtures", "coturn", file);
    await cli(["collect", "coturn", "--file", log, "--server", SERVERS[kind], "--direct", "--once", "--status-interval", "0"]);
  }
  await cli(["app", "add", APP, "--tenant", TENANT, "--origin", ORIGIN]);
  const { key } = JSON.parse(await cli(["key", "create", "--kind", "app", "--app", APP, "--name", `${APP}-sdk`, "--json"])) as {
    key: string;
  };

  // Eight calls of two participants: one relayed over UDP, one over TLS (forced), the rest direct.
  const direct = {
    pathKind: "direct",
    localCandidateType: "host",
    remoteCandidateType: "host",
    relayProtocol: undefined,
    turnUrl: undefined,
    relayPort: undefined,
  };
  for (let call = 0; call < 8; call++) {
    for (const participantId of ["alice", "bob"]) {
      const relayed = participantId === "alice" && call < 2;
      const over = relayed
        ? call === 0
          ? { turnUrl: "turn:127.0.0.1:3478?transport=udp", rttMs: 45 }
          : { pathKind: "turn-tls", relayProtocol: "tls", turnUrl: "turns:127.0.0.2:5349?transport=tcp", rttMs: 140 }
        : { ...direct, rttMs: 12 + call };
      const res = await page.request.post("/api/ingest/getstats", {
        headers: { authorization: `Bearer ${key}`, origin: ORIGIN, "content-type": "application/json" },
        data: body([statsItem(1, over), statsItem(2, over)], { callId: `${tag}-call-${call}`, participantId, forcedRelay: call === 1 }),
      });
      expect(res.status(), await res.text()).toBe(200);
    }
  }
  await cli(["rollups", "refresh"]);

  const viewer = await addUser("viewer", [TENANT], "dash-viewer");
  await signInPage(page, viewer);

  // Overview: the headline numbers are the API's for the same query.
  await page.goto(`/?${RANGE}&tenant=${TENANT}`);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  const api = (await (await page.request.get(`/api/v1/overview?${RANGE}&tenant=${TENANT}`)).json()) as Overview;
  expect(api.relaySessions.started).toBeGreaterThan(0);
  await expect(stat(page, "Relay sessions")).toHaveText(formatValue(api.relaySessions.started, "count"));
  await expect(stat(page, "Relay share (connections)")).toHaveText(formatValue(api.relayShare.sharePct, "percent"));
  await expect(stat(page, "Server egress")).toHaveText(formatValue(api.bandwidth.serverEgressBytes, "bytes"));
  await expect(page.getByRole("region", { name: "Relay share" }).getByText(/connections relayed by need/)).toBeVisible();
  await expect(page.getByRole("region", { name: "Open alerts" })).toContainText("Not available yet");
  await page.screenshot({ path: `${SHOTS}/dashboard-overview.png`, fullPage: true });

  // Every chart has a table view: the bandwidth table lists both servers.
  const bandwidth = page.getByRole("region", { name: "Relayed bandwidth" });
  await bandwidth.getByRole("button", { name: "Table" }).click();
  await expect(bandwidth.getByRole("table", { name: "Relayed bandwidth over time" })).toBeVisible();
  await expect(bandwidth.getByRole("table", { name: "Relayed bytes by server" })).toContainText(SERVERS.udp);
  await expect(bandwidth.getByRole("table", { name: "Relayed bytes by server" })).toContainText(SERVERS.mixed);

  // A server filter: the URL says so and egress becomes that server's (the API's figure with the filter).
  await page.getByRole("button", { name: /^Server:/ }).click();
  await page.getByRole("checkbox", { name: SERVERS.mixed }).check();
  await expect(page).toHaveURL(new RegExp(`server=${SERVERS.mixed}`));
  const filtered = (await (
    await page.request.get(`/api/v1/bandwidth?${RANGE}&tenant=${TENANT}&server=${SERVERS.mixed}`)
  ).json()) as Bandwidth;
  const egress = filtered.totals.clientTx + filtered.totals.peerTx;
  expect(egress).toBeLessThan(api.bandwidth.serverEgressBytes);
  await expect(stat(page, "Server egress")).toHaveText(formatValue(egress, "bytes"));
  await expect(bandwidth.getByRole("table", { name: "Relayed bytes by server" })).not.toContainText(SERVERS.udp);
  await page.keyboard.press("Escape");

  // A preset range replaces the custom one; the logs' sessions are older than the last hour.
  await page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "1h" }).click();
  await expect(page).toHaveURL(/range=1h/);
  await expect(page).not.toHaveURL(/from=/);
  await expect(stat(page, "Relay sessions")).toHaveText("0");

  // Dark theme: set, applied to the document, kept across a reload.
  await page.getByLabel("Theme").selectOption("dark");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.screenshot({ path: `${SHOTS}/dashboard-overview-dark.png`, fullPage: true });
  await page.getByLabel("Theme").selectOption("light");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");

  // Sessions, then one session.
  await page.goto(`/sessions?${RANGE}&tenant=${TENANT}&server=${SERVERS.mixed}`);
  await expect(page.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();
  const sessions = page.getByRole("region", { name: "Relay sessions" });
  await expect(sessions.getByRole("row").nth(1)).toBeVisible();
  await expect(sessions).not.toContainText(SERVERS.udp);
  await page.screenshot({ path: `${SHOTS}/dashboard-sessions.png`, fullPage: true });
  await sessions.getByRole("row").nth(1).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}/);
  await expect(page.getByRole("heading", { level: 1, name: /^Session of / })).toBeVisible();
  await expect(page.getByRole("list", { name: "Session timeline" })).toContainText("Session started");
  await page.screenshot({ path: `${SHOTS}/dashboard-session.png`, fullPage: true });

  // Calls, then one call: its relayed participant and its direct one.
  await page.goto(`/calls?${RANGE}&tenant=${TENANT}`);
  await expect(page.getByRole("heading", { level: 1, name: "Calls" })).toBeVisible();
  const calls = page.getByRole("region", { name: "Calls" });
  await expect(calls.getByRole("row")).toHaveCount(9);
  await page.screenshot({ path: `${SHOTS}/dashboard-calls.png`, fullPage: true });
  await calls
    .getByRole("row", { name: new RegExp(`${tag}-call-0`) })
    .getByRole("link")
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(`${tag}-call-0`) })).toBeVisible();
  await expect(page.getByRole("region", { name: "Participant alice" })).toContainText("TURN UDP");
  await expect(page.getByRole("region", { name: "Participant bob" })).toContainText(/not joined: direct/);
  await page.screenshot({ path: `${SHOTS}/dashboard-call.png`, fullPage: true });

  // Servers and setup.
  await page.goto(`/servers?${RANGE}&tenant=${TENANT}`);
  await expect(page.getByRole("heading", { level: 1, name: "Servers" })).toBeVisible();
  await expect(page.locator("main")).toContainText(SERVERS.udp);
  await expect(page.locator("main")).toContainText(SERVERS.mixed);
  await page.screenshot({ path: `${SHOTS}/dashboard-servers.png`, fullPage: true });
  await page.goto("/setup");
  await expect(page.getByRole("row", { name: new RegExp(SERVERS.udp) })).toContainText(/relay sessions?, agent last delivered/);
  await page.screenshot({ path: `${SHOTS}/dashboard-setup.png`, fullPage: true });
});

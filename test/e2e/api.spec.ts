// AC5 + AC6: health and metrics answer; a key made with the CLI authenticates; revoked → 401.
import { expect, test } from "@playwright/test";
import { runCli } from "../support/cli";

test("GET /api/health reports the database reachable and every migration applied", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.status).toBe("ok");
  expect(body.database.reachable).toBe(true);
  expect(body.migrations.applied).toBeGreaterThanOrEqual(1);
  expect(body.migrations.pending).toEqual([]);
});

test("GET /metrics is Prometheus text with process and relayscope metrics", async ({ request }) => {
  const res = await request.get("/metrics");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("text/plain");
  const text = await res.text();
  expect(text).toContain("# TYPE process_cpu_user_seconds_total counter");
  expect(text).toMatch(/relayscope_build_info\{version="[^"]+",node="v\d+/);
});

test("the partition-maintenance job runs at start and shows in /metrics", async ({ request }) => {
  // The job is queued at start and picked up by pg-boss's next poll, a few seconds later.
  await expect
    .poll(
      async () =>
        (await (await request.get("/metrics")).text()).includes(
          'relayscope_job_duration_seconds_count{job="partition-maintenance",outcome="ok"} 1',
        ),
      {
        timeout: 20_000,
      },
    )
    .toBe(true);
});

test("a key from `relayscope key create` authenticates; after `key revoke` it gets 401", async ({ request }) => {
  const created = await runCli(["key", "create", "--kind", "collector", "--name", "e2e-agent", "--json"]);
  expect(created.code, created.stderr).toBe(0);
  const { key, prefix } = JSON.parse(created.stdout) as { key: string; prefix: string };

  const ok = await request.get("/api/ingest/whoami", { headers: { authorization: `Bearer ${key}` } });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).key).toMatchObject({ prefix, kind: "collector", name: "e2e-agent", server: null });

  const revoked = await runCli(["key", "revoke", prefix]);
  expect(revoked.code, revoked.stderr).toBe(0);
  const refused = await request.get("/api/ingest/whoami", { headers: { authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toEqual({ error: { code: "unauthorized", message: "the API key has been revoked" } });
});

test("missing and malformed keys get 401 in the shared error shape", async ({ request }) => {
  const none = await request.get("/api/ingest/whoami");
  expect(none.status()).toBe(401);
  expect((await none.json()).error.code).toBe("unauthorized");
  const bad = await request.get("/api/ingest/whoami", { headers: { authorization: "Bearer rs_col_nothing" } });
  expect(bad.status()).toBe(401);
  expect((await bad.json()).error.message).toBe("the API key is malformed");
});

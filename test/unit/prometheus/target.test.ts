// One scrape target against a fake network: a batch per attempt with its status, rates from the
// second scrape on, and its own backoff while it fails.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ScrapeTarget } from "../../../collectors/prometheus/target";
import { metricsBatch } from "../../../collectors/schema/metrics";

function target(answers: Array<() => Response>) {
  let now = 1_795_336_400_000;
  let n = 0;
  const t = new ScrapeTarget({
    source: { mode: "scrape", url: "http://turn.example:9641/metrics" },
    server: "turn-1",
    agentId: "a",
    intervalMs: 15_000,
    timeoutMs: 5_000,
    now: () => now,
    fetch: async () => answers[Math.min(n++, answers.length - 1)](),
  });
  return { t, tick: (ms: number) => (now += ms) };
}

const page = (v: number) => () => new Response(`# TYPE turn_total_traffic_rcvb counter\nturn_total_traffic_rcvb ${v}\n`);

describe("ScrapeTarget", () => {
  it("describes each attempt as a valid batch; counters get rates from the second scrape", async () => {
    const { t, tick } = target([page(1000), page(4000)]);
    const first = await t.scrape();
    tick(15_000);
    const second = await t.scrape();
    for (const b of [first, second]) assert.ok(metricsBatch.safeParse(b).success);
    assert.equal(first.samples[0].rate, null);
    assert.equal(second.samples[0].rate, 200);
    assert.equal(t.nextDelayMs(), 15_000);
  });

  it("backs off while failing (growing, bounded, jittered) and returns to the interval after a success", async () => {
    const { t } = target([() => new Response("busy", { status: 503 })]);
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const b = await t.scrape();
      assert.equal(b.status.ok, false);
      assert.equal(b.status.reason, "http_status");
      assert.equal(b.status.failures, i);
      delays.push(t.nextDelayMs());
    }
    assert.ok(
      delays.every((d) => d >= 1000 && d <= 150_000),
      delays.join(","),
    );
    assert.ok(Math.max(...delays.slice(4)) > 15_000, `backs off past the interval: ${delays.join(",")}`);
    const healed = target([() => new Response("busy", { status: 503 }), page(1)]);
    await healed.t.scrape();
    await healed.t.scrape();
    assert.equal(healed.t.failures, 0);
    assert.equal(healed.t.nextDelayMs(), 15_000);
  });
});

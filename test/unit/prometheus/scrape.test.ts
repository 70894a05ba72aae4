// Acceptance criterion 1 of the Prometheus issue: every shared coturn scrape parses (4.6.1's missing
// Content-Type and blank lines, 4.16/4.17's 33 families), counters become rates across a counter
// reset, and the username-label scrape hits the per-user cardinality cap. Plus the bad pages.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { capPerUserSeries } from "../../../collectors/prometheus/cardinality";
import { KNOWN_FAMILIES } from "../../../collectors/prometheus/families";
import { MAX_SERIES_PER_SCRAPE, parseScrape, ScrapeError } from "../../../collectors/prometheus/parse";
import { type CounterMemory, withRates } from "../../../collectors/prometheus/rates";

const DIR = path.join(import.meta.dirname, "../../fixtures/prometheus");
const scrapes = readdirSync(DIR).filter((f) => /-\d\d-[a-z-]+\.txt$/.test(f) && !f.endsWith(".headers.txt"));
const read = (f: string) => readFileSync(path.join(DIR, f), "utf8");
const value = (s: ReturnType<typeof parseScrape>, metric: string, labels = "") =>
  s.samples.find((x) => x.metric === metric && x.labelsKey === labels)?.value;

describe("coturn scrapes", () => {
  it("finds the 28 scrapes of the four runs", () => {
    assert.equal(scrapes.length, 28);
  });

  for (const f of scrapes) {
    it(`${f} parses: every typed family is one relayscope knows, or process_* of libprom`, () => {
      const text = read(f);
      const parsed = parseScrape(text);
      assert.deepEqual(parsed.software, ["coturn"]);
      assert.deepEqual(parsed.warnings, []);
      const typed = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]);
      for (const [name, type] of typed) {
        if (name.startsWith("process_")) continue;
        assert.equal(KNOWN_FAMILIES.get(name)?.kind, type, `${name} ${type}`);
      }
      assert.deepEqual(
        parsed.unknownFamilies,
        typed.map(([n]) => n).filter((n) => n.startsWith("process_")),
      );
      // Every sample line of a known family is a stored series, and each unlabelled coturn counter
      // printed without a sample (it never moved) is stored as 0.
      const lines = text.split("\n").filter((l) => /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? \S+$/.test(l) && !l.startsWith("process_"));
      const silent = typed.filter(([n]) => KNOWN_FAMILIES.get(n)?.zeroWhenEmpty && !lines.some((l) => l.split(/[{ ]/)[0] === n));
      assert.equal(parsed.samples.length, lines.length + silent.length);
      for (const [n] of silent) assert.equal(value(parsed, n), 0, n);
    });
  }

  it("4.6.1 (libprom): no Content-Type, blank lines between families, turn_total_allocations without labels", () => {
    const f = scrapes.find((x) => x.startsWith("p05") && x.includes("-02-"));
    assert.ok(f);
    assert.doesNotMatch(read(f.replace(".txt", ".headers.txt")), /content-type/i);
    assert.match(read(f), /\n\n# HELP/);
    const parsed = parseScrape(read(f));
    assert.equal(typeof value(parsed, "turn_total_allocations"), "number");
    assert.equal(parsed.samples.filter((s) => s.metric === "stun_binding_request").length, 0);
  });

  it("4.16/4.17: allocations by client transport, and all 33 families typed", () => {
    const f = scrapes.find((x) => x.startsWith("p01") && x.includes("-01-"));
    assert.ok(f);
    const text = read(f);
    assert.equal([...text.matchAll(/^# TYPE /gm)].length, 33);
    const parsed = parseScrape(text);
    const types = parsed.samples.filter((s) => s.metric === "turn_total_allocations").map((s) => s.labels.type);
    assert.ok(types.includes("UDP"), types.join(","));
    assert.ok(value(parsed, "turn_total_allocations", 'type="UDP"') !== undefined);
  });
});

describe("rates", () => {
  it("replays p01 in scrape order: rates between scrapes, and a counter reset when coturn restarted", () => {
    const log = read("p01-coturn-4.17.1-prometheus-scrapes.log");
    const order = [...log.matchAll(/^# scraped (\S+) -> (\S+)$/gm)].map((m) => ({ at: Date.parse(m[1]), file: m[2] }));
    assert.equal(order.length, 14);
    const memory: CounterMemory = new Map();
    const totals: Array<{ value: number | undefined; rate: number | null | undefined; resets: number }> = [];
    for (const { at, file } of order) {
      const rated = withRates(parseScrape(read(file)).samples, at, memory);
      const s = rated.samples.find((x) => x.metric === "turn_total_traffic_rcvb");
      totals.push({ value: s?.value, rate: s?.rate, resets: rated.resets });
    }
    // Before any session finished, coturn prints the family without a sample: it reads 0, so the
    // first increase has its rate.
    assert.equal(totals[0].value, 0);
    assert.equal(totals[0].rate, null, "the first sample has no rate");
    assert.equal(totals[1].rate, (totals[1].value as number) / ((order[1].at - order[0].at) / 1000));
    // 05 → 06 (allocations deleted): the finished sessions' bytes arrive at once.
    const a = totals[5].value as number;
    const b = totals[6].value as number;
    assert.ok(b > a);
    assert.equal(totals[6].rate, (b - a) / ((order[6].at - order[5].at) / 1000));
    // coturn restarted after 06: its counters read 0 again (07): a reset, with no increase since.
    assert.equal(totals[7].value, 0);
    assert.ok(totals[7].resets > 0);
    assert.equal(totals[7].rate, 0);
    const after = totals[8];
    assert.equal(after.rate, (after.value as number) / ((order[8].at - order[7].at) / 1000));
    for (const t of totals) assert.ok(t.rate === null || t.rate === undefined || t.rate >= 0);
  });
});

describe("per-user cardinality cap", () => {
  it("the username-label scrape over the cap is summed per realm, with the reason", () => {
    const f = scrapes.find((x) => x.startsWith("p02") && x.includes("-05-"));
    assert.ok(f);
    const parsed = parseScrape(read(f));
    const perUser = parsed.samples.filter((s) => s.metric === "turn_traffic_sentb");
    assert.equal(perUser.length, 3);
    const total = perUser.reduce((n, s) => n + s.value, 0);
    const under = capPerUserSeries(parsed.samples, 3);
    assert.deepEqual(under.warnings, []);
    const over = capPerUserSeries(parsed.samples, 2);
    assert.match(over.warnings[0], /turn_traffic_sentb \(3 users\)/);
    const summed = over.samples.filter((s) => s.metric === "turn_traffic_sentb");
    assert.deepEqual(
      summed.map((s) => [s.labelsKey, s.value]),
      [['realm="example.test"', total]],
    );
    // Metrics without a user label are untouched.
    assert.equal(over.samples.filter((s) => s.metric === "turn_total_allocations").length, perUser.length > 0 ? 4 : 0);
  });
});

describe("bad pages", () => {
  const fails = (text: string) => {
    try {
      parseScrape(text);
    } catch (err) {
      assert.ok(err instanceof ScrapeError);
      return err.reason;
    }
    return "parsed";
  };

  it("HTML, empty pages, non-metrics text and label explosions are refused with a reason", () => {
    assert.equal(fails("<!doctype html><html><body>Login</body></html>"), "html");
    assert.equal(fails("  \n"), "empty");
    assert.equal(fails("hello world, this is not it"), "not_metrics");
    // coturn 4.6.1's health check at / answers `OK`: no metrics page, not a healthy empty target.
    assert.equal(fails(read("p05-coturn-4.6.1-libprom-prometheus-healthcheck-root.txt")), "not_metrics");
    assert.equal(fails("Bad Request\n"), "not_metrics");
    const names = `${Array.from({ length: 20_001 }, (_, i) => `m${i} 1`).join("\n")}\n# TYPE x gauge\n`;
    const t0 = performance.now();
    assert.equal(fails(names), "too_many_series");
    assert.ok(performance.now() - t0 < 5000, "a page of many unknown names is refused quickly");
    const explosion = `# TYPE x gauge\n${Array.from({ length: MAX_SERIES_PER_SCRAPE + 1 }, (_, i) => `turn_total_allocations{type="t${i}"} 1`).join("\n")}\n`;
    assert.equal(fails(explosion.replace("# TYPE x gauge", "# TYPE turn_total_allocations gauge")), "too_many_series");
  });

  it("NaN, ±Inf and duplicate series are skipped, counted, and the rest kept", () => {
    const parsed = parseScrape(
      [
        "# TYPE turn_total_allocations gauge",
        'turn_total_allocations{type="UDP"} NaN',
        'turn_total_allocations{type="TCP"} +Inf',
        'turn_total_allocations{type="TLS/TCP"} 2',
        'turn_total_allocations{type="TLS/TCP"} 5',
        "# TYPE stun_binding_request counter",
        "stun_binding_request 7",
        "",
      ].join("\n"),
    );
    assert.deepEqual(
      parsed.samples.map((s) => [s.metric, s.labelsKey, s.value]),
      [
        ["turn_total_allocations", 'type="TLS/TCP"', 5],
        ["stun_binding_request", "", 7],
      ],
    );
    assert.deepEqual(parsed.warnings, ["2 series with NaN or ±Inf values skipped", "1 duplicate series lines (one of each kept)"]);
  });

  it("odd series are skipped one by one (label names, label count, key length); a known counter printed untyped stays a counter", () => {
    const longValues = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`l${i}`, "v".repeat(200)]));
    const longLabels = Object.entries(longValues)
      .map(([k, v]) => `${k}="${v}"`)
      .join(",");
    const many = Array.from({ length: 21 }, (_, i) => `k${i}="v"`).join(",");
    const parsed = parseScrape(
      [
        "# TYPE turn_total_allocations gauge",
        `turn_total_allocations{${longLabels}} 1`,
        `turn_total_allocations{${many}} 1`,
        'turn_total_allocations{type="UDP"} 2',
        "# TYPE stun_binding_request untyped",
        "stun_binding_request 9",
        "",
      ].join("\n"),
    );
    assert.deepEqual(
      parsed.samples.map((s) => [s.metric, s.kind, s.value]),
      [
        ["turn_total_allocations", "gauge", 2],
        ["stun_binding_request", "counter", 9],
      ],
    );
    assert.deepEqual(parsed.warnings, ["2 series with odd or over-long names or labels skipped"]);
  });

  it("unknown families are kept only when asked; histograms become _sum and _count", () => {
    const text = [
      "# TYPE my_app_requests counter",
      "my_app_requests 3",
      "# TYPE eturnal_turn_session_duration_seconds histogram",
      'eturnal_turn_session_duration_seconds_bucket{transport="udp",le="1"} 1',
      'eturnal_turn_session_duration_seconds_bucket{transport="udp",le="+Inf"} 2',
      'eturnal_turn_session_duration_seconds_sum{transport="udp"} 31.5',
      'eturnal_turn_session_duration_seconds_count{transport="udp"} 2',
      "",
    ].join("\n");
    const plain = parseScrape(text);
    assert.deepEqual(plain.unknownFamilies, ["my_app_requests"]);
    assert.deepEqual(plain.software, ["eturnal"]);
    assert.deepEqual(
      plain.samples.map((s) => [s.metric, s.kind, s.value]),
      [
        ["eturnal_turn_session_duration_seconds_sum", "counter", 31.5],
        ["eturnal_turn_session_duration_seconds_count", "counter", 2],
      ],
    );
    assert.equal(parseScrape(text, { includeUnknown: true }).samples.length, 3);
  });
});

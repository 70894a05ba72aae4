// The dashboard's query string (app/(dashboard)/ui/dashboard-query.ts) read back by the API's own
// parser: what a page asks for is what the endpoint answers.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type DashboardState, dashboardQuery, effectivePreset, isoTime, parseIsoTime } from "../../../app/(dashboard)/ui/dashboard-query";
import { parseDashboardFilters } from "../../../lib/queries/dashboard-filters";

const base: Omit<DashboardState, "refresh"> = { range: null, from: null, to: null, server: [], region: [], tenant: [], realm: [], app: [] };
const parse = (q: string) => parseDashboardFilters(new URLSearchParams(q), new Date("2026-11-21T00:00:00Z"));

describe("dashboardQuery", () => {
  it("defaults to the API's default preset", () => {
    assert.equal(dashboardQuery(base), "range=24h");
    const r = parse(dashboardQuery(base));
    assert.ok(r.ok && r.filters.preset === "24h");
  });
  it("a custom range wins over a preset and round-trips through the API parser", () => {
    const s = { ...base, range: "7d" as const, from: new Date("2026-11-20T00:00:00Z"), to: new Date("2026-11-20T06:30:00Z") };
    const q = dashboardQuery(s);
    assert.equal(new URLSearchParams(q).get("range"), null);
    const r = parse(q);
    assert.ok(r.ok);
    assert.equal(r.filters.from.toISOString(), "2026-11-20T00:00:00.000Z");
    assert.equal(r.filters.to.toISOString(), "2026-11-20T06:30:00.000Z");
    assert.equal(effectivePreset(s), null);
  });
  it("a half-given or inverted custom range falls back to the preset", () => {
    assert.equal(dashboardQuery({ ...base, range: "6h", from: new Date("2026-11-20T00:00:00Z") }), "range=6h");
    const inverted = { ...base, from: new Date("2026-11-21T00:00:00Z"), to: new Date("2026-11-20T00:00:00Z") };
    assert.equal(dashboardQuery(inverted), "range=24h");
  });
  it("repeats list filters, and extra parameters replace shared ones", () => {
    const s = { ...base, server: ["turn-eu-1", "turn a"], tenant: ["acme"], app: ["00000000-0000-4000-8000-000000000001"] };
    const r = parse(dashboardQuery(s));
    assert.ok(r.ok);
    assert.deepEqual(r.filters.servers, ["turn-eu-1", "turn a"]);
    assert.deepEqual(r.filters.tenants, ["acme"]);
    const q = new URLSearchParams(dashboardQuery(s, { server: null, limit: 50, sort: ["-bytes", "id"], open: true, cursor: undefined }));
    assert.deepEqual(q.getAll("server"), []);
    assert.equal(q.get("limit"), "50");
    assert.deepEqual(q.getAll("sort"), ["-bytes", "id"]);
    assert.equal(q.get("open"), "true");
    assert.equal(q.has("cursor"), false);
  });
});

describe("URL times", () => {
  it("accepts ISO times with a zone only, like the API", () => {
    assert.equal(parseIsoTime("2026-11-20T00:00:00Z")?.toISOString(), "2026-11-20T00:00:00.000Z");
    assert.equal(parseIsoTime("2026-11-20T02:00+02:00")?.toISOString(), "2026-11-20T00:00:00.000Z");
    assert.equal(parseIsoTime("2026-11-20T00:00:00"), null);
    assert.equal(parseIsoTime("yesterday"), null);
  });
  it("writes short ISO times", () => {
    assert.equal(isoTime(new Date("2026-11-20T00:00:00Z")), "2026-11-20T00:00:00Z");
    assert.equal(isoTime(new Date("2026-11-20T00:00:00.250Z")), "2026-11-20T00:00:00.250Z");
  });
});

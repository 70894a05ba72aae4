import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { discoverRoutes, exportedMethods, urlPattern } from "../../support/app-routes";
import { ROOT } from "../../support/cli";

describe("route discovery for the authz matrix", () => {
  it("drops route groups and keeps dynamic segments", () => {
    assert.equal(urlPattern(path.join("(dashboard)", "settings", "users")), "/settings/users");
    assert.equal(urlPattern(path.join("api", "auth", "[...all]")), "/api/auth/[...all]");
    assert.equal(urlPattern(""), "/");
  });

  it("finds every way a route exports its methods", () => {
    assert.deepEqual(exportedMethods("export async function GET(req) {}\nexport function POST() {}"), ["GET", "POST"]);
    assert.deepEqual(exportedMethods("export const { GET, POST } = toNextJsHandler(x);"), ["GET", "POST"]);
    assert.deepEqual(exportedMethods("export const DELETE = handler;"), ["DELETE"]);
    assert.deepEqual(exportedMethods("export { handle as GET, handle as HEAD };"), ["GET", "HEAD"]);
    assert.deepEqual(exportedMethods("export const dynamic = 'force-dynamic';"), []);
  });

  it("sees this app's pages and APIs", () => {
    const routes = discoverRoutes(path.join(ROOT, "app"));
    const keys = routes.map((r) => `${r.method} ${r.pattern}`);
    for (const k of ["GET /", "GET /login", "GET /api/health", "POST /api/ingest/getstats", "GET /metrics", "POST /api/auth/[...all]"])
      assert.ok(keys.includes(k), `${k} in ${keys.join(", ")}`);
  });
});

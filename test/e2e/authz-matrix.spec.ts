// Issue 6 AC1: every route on disk × {signed out, viewer, operator, admin, API token, wrong tenant}
// → the status the table expects. Routes are discovered from app/, so a new route without a row in
// test/e2e/authz/table.ts fails here until its author decides who may call it.
import path from "node:path";
import { type APIResponse, expect, test } from "@playwright/test";
import { discoverRoutes } from "../support/app-routes";
import { ROOT } from "../support/cli";
import { CALLERS, type Caller, makePrincipals, type Principals } from "./authz/principals";
import { MATRIX, type MatrixRow, type Outcome } from "./authz/table";

const key = (method: string, pattern: string) => `${method} ${pattern}`;

test("every route on disk has a row in the matrix, and every row a route", () => {
  const onDisk = new Set(discoverRoutes(path.join(ROOT, "app")).map((r) => key(r.method, r.pattern)));
  const inTable = new Set(MATRIX.map((r) => key(r.method, r.pattern)));
  expect(
    [...onDisk].filter((k) => !inTable.has(k)),
    "routes without a matrix row",
  ).toEqual([]);
  expect(
    [...inTable].filter((k) => !onDisk.has(k)),
    "matrix rows without a route",
  ).toEqual([]);
});

function describeOutcome(res: APIResponse): Outcome {
  const status = res.status();
  if (status >= 300 && status < 400) {
    const location = new URL(res.headers().location ?? "", "http://x");
    return location.pathname === "/login" ? "login" : `redirect:${location.pathname}`;
  }
  return status;
}

async function call(p: Principals, who: Caller, row: MatrixRow, baseURL: string): Promise<Outcome> {
  const ctx = p.contexts[who];
  const res = await ctx.fetch(row.path ?? row.pattern, {
    method: row.method,
    maxRedirects: 0,
    // Same-origin like our own pages, so the matrix tests roles; CSRF has its own test.
    headers: { origin: baseURL, ...(row.body === undefined ? {} : { "content-type": "application/json" }), ...row.headers },
    data: row.body === undefined ? undefined : JSON.stringify(row.body),
  });
  return describeOutcome(res);
}

test("each caller gets the expected status from every route", async ({ baseURL }) => {
  test.setTimeout(180_000);
  const p = await makePrincipals(baseURL as string, `authz${Date.now().toString(36)}`);
  try {
    const got: string[] = [];
    const want: string[] = [];
    for (const row of MATRIX) {
      for (const who of CALLERS) {
        const outcome = await call(p, who, row, baseURL as string);
        got.push(`${key(row.method, row.path ?? row.pattern)} as ${who}: ${outcome}`);
        want.push(`${key(row.method, row.path ?? row.pattern)} as ${who}: ${row.expect[who]}`);
      }
    }
    // One comparison, so a failure lists every cell that differs.
    expect(got).toEqual(want);
  } finally {
    await p.dispose();
  }
});

// The calls list's default order reads windows next to the cursor instead of the whole range: paging
// through calls spread over days, both ways, yields every call of the range exactly once, in order,
// with a call counted at its first connection even when a later connection arrives a day after.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { prisma } from "../../lib/db/prisma";
import { runQuery } from "../../lib/db/run-query";
import { listCalls, parseCallListParams } from "../../lib/queries/calls/list-calls";
import type { QueryScope } from "../../lib/queries/query-scope";
import { uid } from "../support/db";
import { seedApp } from "../support/getstats";
import { setUpInProcessIngest } from "../support/ingest";

setUpInProcessIngest();

const H = 3_600_000;
const T0 = Date.UTC(2026, 9, 1, 0, 0, 0);
let app: { id: string; tenantId: string };
/** call id → its start, for every seeded call. */
const starts = new Map<string, number>();

async function connection(callId: string, participant: string, at: number): Promise<void> {
  await runQuery(
    `INSERT INTO client_connection (id, tenant_id, app_id, call_id, participant_id, connection_id, first_received_at, last_received_at, path_kind)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $6, 'direct')`,
    [app.tenantId, app.id, callId, participant, `pc-${uid()}`, new Date(at)],
  );
}

const scope = (from: number, to: number): QueryScope => ({
  tenantIds: [app.tenantId],
  serverIds: null,
  appIds: [app.id],
  realms: null,
  from: new Date(from),
  to: new Date(to),
});

async function all(s: QueryScope, sort: string, limit: number): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const q = new URLSearchParams({ sort, limit: String(limit), ...(cursor ? { cursor } : {}) });
    const parsed = parseCallListParams(q);
    assert.ok(parsed.ok);
    const page = await listCalls(s, parsed.params);
    out.push(...page.rows.map((r) => r.callId));
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error("too many pages");
}

before(async () => {
  app = await seedApp();
  // 30 calls over five days, irregularly spaced (some hours apart, some seconds), two participants each.
  for (let i = 0; i < 30; i++) {
    const at = T0 + Math.round(((i * i) % 97) * 1.2 * H + i * 1000);
    const callId = `call-${String(i).padStart(2, "0")}`;
    starts.set(callId, at);
    await connection(callId, "alice", at);
    await connection(callId, "bob", at + 20_000);
  }
  // One call whose second participant joins 30 hours later: it belongs to its start only.
  starts.set("call-late", T0 + 10 * H);
  await connection("call-late", "alice", T0 + 10 * H);
  await connection("call-late", "bob", T0 + 40 * H);
  assert.ok(await prisma().app.findUnique({ where: { id: app.id } }));
});

describe("calls list by start", () => {
  const byStart = (from: number, to: number) =>
    [...starts].filter(([, t]) => t >= from && t < to).sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));

  it("pages newest first through the whole range, each call once at its start", async () => {
    const from = T0 - H;
    const to = T0 + 200 * H;
    const expected = byStart(from, to)
      .reverse()
      .map(([id]) => id);
    assert.deepEqual(await all(scope(from, to), "-started", 7), expected);
  });

  it("pages oldest first, and a range that cuts through keeps only calls that started in it", async () => {
    const from = T0 + 20 * H;
    const to = T0 + 70 * H;
    const expected = byStart(from, to).map(([id]) => id);
    assert.ok(expected.length >= 5 && !expected.includes("call-late"));
    assert.deepEqual(await all(scope(from, to), "started", 4), expected);
    assert.deepEqual(await all(scope(from, to), "-started", 50), [...expected].reverse());
  });
});

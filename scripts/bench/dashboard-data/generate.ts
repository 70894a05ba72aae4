// The generating pass: calls in time order (the timeline's progress is the share of sessions made so
// far), each followed by the relay sessions that no connection of ours carried, so there are as many
// sessions as connections and exactly `sessions` in all. Rows stream into the COPY sinks as they
// are made; nothing is kept.
import { callMinutes, makeCall } from "./client-rows";
import type { Inventory } from "./inventory";
import type { Rand } from "./random";
import { type Counters, type GenContext, makeSession } from "./relay-rows";
import { OTHER_TRANSPORTS, type Timeline, UNUSED_ALLOCATION_SHARE, VIDEO_SHARE } from "./shape";
import { flushFull } from "./sinks";

/** A session of an app without the SDK, or an allocation that was never used. */
function otherSession(ctx: GenContext, inv: Inventory, rand: Rand, t: number): void {
  const tenant = rand.pick(inv.tenants);
  const unused = rand.chance(UNUSED_ALLOCATION_SHARE);
  const video = rand.chance(VIDEO_SHARE);
  const up = unused ? 20 + 180 * rand() : video ? rand.logNormal(180_000, 0.35) : rand.logNormal(6_000, 0.2);
  const start = Math.min(ctx.now - 5_000, t + rand.int(0, 60_000));
  makeSession(ctx, {
    tenant,
    server: rand.pick(inv.servers),
    transport: rand.pick(OTHER_TRANSPORTS),
    user: rand.int(0, ctx.usersPerTenant[tenant.index] - 1),
    start,
    end: start + (unused ? rand.int(60_000, 600_000) : callMinutes(rand()) * 60_000),
    upRate: up,
    downRate: unused ? up : up * (0.8 + 0.4 * rand()),
    packetSize: unused ? 100 : video ? 1050 : 160,
    unused,
  });
}

export async function generateTraffic(
  ctx: GenContext,
  inv: Inventory,
  timeline: Timeline,
  sessions: number,
  progress?: (counters: Counters) => void,
): Promise<void> {
  let owed = 0;
  let step = 0;
  const every = Math.max(1, Math.floor(sessions / 20));
  let nextReport = every;
  while (ctx.counters.sessions < sessions) {
    // Nothing starts in the last two minutes: every connection and session has begun before now.
    const t = Math.min(timeline.at(ctx.counters.sessions / sessions), ctx.now - 120_000);
    const call = makeCall(ctx, inv, t, sessions - ctx.counters.sessions);
    owed += call.connections - call.sessions;
    for (; owed >= 1 && ctx.counters.sessions < sessions; owed--) otherSession(ctx, inv, ctx.rand, t);
    // Every row is at most a second older than t; ten minutes of margin.
    if (++step % 16 === 0) await flushFull(ctx.sinks, t - 600_000);
    if (progress && ctx.counters.sessions >= nextReport) {
      progress(ctx.counters);
      nextReport += every;
    }
  }
}

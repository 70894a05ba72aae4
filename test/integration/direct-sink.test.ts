// `collect --direct`'s sink: a batch prepared ahead (while the one before it was being stored) is
// stored exactly like one prepared on the spot, and a failure found while preparing ahead surfaces
// from send() as the delivery error it is, never as an unhandled rejection.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { DirectSink } from "../../collectors/agent/direct";
import { DeliveryError } from "../../collectors/agent/errors";
import { Outgoing } from "../../collectors/agent/outgoing";
import { runQuery } from "../../lib/db/run-query";
import { batch, ev, SID1, T0 } from "../support/coturn-batch";
import { seedServer, setUpInProcessIngest } from "../support/ingest";

setUpInProcessIngest();

const usage = (pos: number, rb: number) => ev.usage({ pos, ts: T0 + pos, run: T0, sid: SID1, leg: "client", rp: 1, rb, sp: 1, sb: 2 * rb });
const outgoing = (body: unknown) => new Outgoing(body, 1, 1000);

describe("direct sink", () => {
  let server: string;
  before(async () => {
    server = (await seedServer()).name;
  });

  it("stores a batch prepared ahead exactly once, in order after the batch before it", async () => {
    const sink = new DirectSink();
    const fileId = `fp:direct-${Date.now()}`;
    const first = outgoing(batch(server, [ev.run({ pos: 0, ts: T0 }), usage(100, 1000)], { fileId, offset: 200 }));
    const second = outgoing(batch(server, [usage(200, 5000), usage(300, 7000)], { fileId, offset: 400 }));
    const sending = sink.send(first);
    sink.prepareAhead(second);
    sink.prepareAhead(second); // a second call reuses the first preparation
    assert.deepEqual(await sending, { accepted: 2, quarantined: 0 });
    assert.deepEqual(await sink.send(second), { accepted: 2, quarantined: 0 });
    assert.deepEqual(await sink.send(second), { accepted: 2, quarantined: 0 }, "a replay is accepted and adds nothing");
    const [row] = await runQuery<{ rx: string; n: number; offset: string }>(
      `SELECT s.client_rx_bytes::text AS rx, (SELECT count(*)::int FROM relay_usage_delta d WHERE d.session_id = s.id) AS n,
              (SELECT "offset"::text FROM collector_checkpoint WHERE file_id = $2) AS offset
       FROM relay_session s JOIN turn_server t ON t.id = s.server_id WHERE t.name = $1`,
      [server, fileId],
    );
    assert.deepEqual(row, { rx: "13000", n: 3, offset: "400" });
  });

  it("a batch prepared ahead for an unknown server fails at send() as a fatal delivery error", async () => {
    const sink = new DirectSink();
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown) => unhandled.push(err);
    process.on("unhandledRejection", onUnhandled);
    try {
      const item = outgoing(batch("no-such-server", [usage(100, 1)]));
      sink.prepareAhead(item);
      await new Promise((r) => setTimeout(r, 100)); // the preparation fails meanwhile
      await assert.rejects(sink.send(item), (err: unknown) => {
        assert.ok(err instanceof DeliveryError);
        assert.equal(err.retryable, false);
        assert.match(err.message, /no TURN server is called "no-such-server"/);
        return true;
      });
      assert.deepEqual(unhandled, []);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});

// The in-process sink of `collect prometheus --direct`: the ingest the HTTP route runs, called with
// the batch. A refusal (unknown server, bad batch) is fatal like its HTTP 4xx; a database hiccup is
// waited out like a 5xx.
import { IngestRejected } from "../../lib/ingest/coturn/errors";
import { ingestMetricsBatch } from "../../lib/ingest/metrics/ingest";
import { describeDbError } from "../agent/direct";
import { type BatchSink, type DeliveryResult, fatal, retryable } from "../agent/errors";
import type { Outgoing } from "../agent/outgoing";
import type { MetricsBatch } from "../schema/metrics";

export class MetricsDirectSink implements BatchSink<Outgoing<MetricsBatch>> {
  readonly name = "the database";

  async send(item: Outgoing<MetricsBatch>): Promise<DeliveryResult> {
    try {
      const out = await ingestMetricsBatch({ serverId: null }, item.body);
      return { accepted: out.accepted, quarantined: 0 };
    } catch (err) {
      if (err instanceof IngestRejected) throw fatal(err.message, err.status, err.code, err);
      throw retryable(`database: ${describeDbError(err)}`, undefined, undefined, err);
    }
  }
}

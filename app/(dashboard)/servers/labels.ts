// Words for the Servers page's codes: transports of allocation gauges and source statuses.

import type { Freshness } from "../../../lib/queries/get-freshness";
import type { AllocationTransport } from "../../../lib/queries/get-live-allocations";

export const TRANSPORT_LABEL: Record<AllocationTransport, string> = {
  udp: "UDP",
  tcp: "TCP",
  tls: "TLS",
  dtls: "DTLS",
  sctp: "SCTP",
  other: "Other",
  unsplit: "All transports (gauge not split)",
};

export const TRANSPORT_ORDER: readonly AllocationTransport[] = ["udp", "tcp", "tls", "dtls", "sctp", "other", "unsplit"];

export const STATUS_LABEL: Record<Freshness, string> = { fresh: "Delivering", stale: "Stale", never: "No data" };

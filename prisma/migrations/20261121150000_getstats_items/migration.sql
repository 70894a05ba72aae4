-- getStats ingest: every SDK item (stats summary, ICE candidate error, state change) is a
-- client_report row, so each is stored exactly once by (connection, sequence); the connection keeps
-- the lost-packet total and the sequence of the newest item folded into its "latest" columns.
CREATE TYPE "client_report_type" AS ENUM ('stats', 'ice-error', 'state');

ALTER TABLE "client_report" ADD COLUMN "item_type" "client_report_type" NOT NULL DEFAULT 'stats';
ALTER TABLE "client_report" ADD COLUMN "detail" jsonb;

ALTER TABLE "client_connection" ADD COLUMN "packets_lost" bigint NOT NULL DEFAULT 0;
ALTER TABLE "client_connection" ADD COLUMN "last_sequence" integer;
-- The TURN server's relay address the browser's relay candidate used: with the port, the join key.
ALTER TABLE "client_connection" ADD COLUMN "relay_ip" inet;

-- Metrics collector: a target's identity includes its PromQL (one Prometheus can serve several
-- queries; "" for scrape targets), and its status says what the last attempt found: why it failed,
-- how many failed in a row, which server software answered, and the scrape's warnings.
UPDATE "metric_target" SET "query" = '' WHERE "query" IS NULL;
ALTER TABLE "metric_target" ALTER COLUMN "query" SET DEFAULT '';
ALTER TABLE "metric_target" ALTER COLUMN "query" SET NOT NULL;

DROP INDEX "metric_target_server_id_mode_url_key";
CREATE UNIQUE INDEX "metric_target_server_id_mode_url_query_key" ON "metric_target"("server_id", "mode", "url", "query");

ALTER TABLE "metric_target" ADD COLUMN "agent_id" varchar(100);
ALTER TABLE "metric_target" ADD COLUMN "last_error_reason" varchar(20);
ALTER TABLE "metric_target" ADD COLUMN "consecutive_failures" integer NOT NULL DEFAULT 0;
ALTER TABLE "metric_target" ADD COLUMN "software" text[] NOT NULL DEFAULT ARRAY[]::text[];
ALTER TABLE "metric_target" ADD COLUMN "warnings" text[] NOT NULL DEFAULT ARRAY[]::text[];

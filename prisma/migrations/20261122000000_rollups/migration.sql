-- Rollups (dashboard issue): what the rollup job needs to stay incremental and exact.
--
-- 1. rollup_mark: every statement that writes raw rows marks the minutes it touched (triggers below,
--    so no write path can forget), with its transaction id. The job reads the marks newer than its
--    horizon, recomputes those minutes from raw rows, then moves the horizon to the xmin of the
--    snapshot it read them in: a transaction still running then has an xid at or above it, so its
--    marks are read by the next run once it commits. No locks are shared with ingest; late data
--    marks old minutes like any other, which re-opens their buckets.
-- 2. Relay rollups gain the realm in their key (the realm filter), client rollups a `none` path kind
--    for connections that never had a selected pair, and calls get rollups of their own (a call is
--    counted once, in the bucket of its first connection).
-- 3. Indexes the recompute needs to read one minute of raw rows across every tenant.

ALTER TYPE "path_kind" ADD VALUE IF NOT EXISTS 'none';

CREATE TABLE "rollup_mark" (
  "id" bigserial NOT NULL,
  -- relay | client
  "source" varchar(10) NOT NULL,
  "bucket" timestamptz(3) NOT NULL,
  "txid" bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
  CONSTRAINT "rollup_mark_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "rollup_mark_txid_idx" ON "rollup_mark"("txid");

ALTER TABLE "rollup_watermark" ADD COLUMN "horizon" bigint NOT NULL DEFAULT 0;

ALTER TABLE "relay_rollup_minute" ADD COLUMN "realm" varchar(255) NOT NULL DEFAULT '';
ALTER TABLE "relay_rollup_minute" DROP CONSTRAINT "relay_rollup_minute_pkey",
  ADD CONSTRAINT "relay_rollup_minute_pkey" PRIMARY KEY ("bucket", "tenant_id", "server_id", "client_transport", "realm");
ALTER TABLE "relay_rollup_hour" ADD COLUMN "realm" varchar(255) NOT NULL DEFAULT '';
ALTER TABLE "relay_rollup_hour" DROP CONSTRAINT "relay_rollup_hour_pkey",
  ADD CONSTRAINT "relay_rollup_hour_pkey" PRIMARY KEY ("bucket", "tenant_id", "server_id", "client_transport", "realm");
ALTER TABLE "relay_rollup_day" ADD COLUMN "realm" varchar(255) NOT NULL DEFAULT '';
ALTER TABLE "relay_rollup_day" DROP CONSTRAINT "relay_rollup_day_pkey",
  ADD CONSTRAINT "relay_rollup_day_pkey" PRIMARY KEY ("bucket", "tenant_id", "server_id", "client_transport", "realm");

-- Freshness reads each server's newest minute.
CREATE INDEX "relay_rollup_minute_server_id_tenant_id_bucket_idx" ON "relay_rollup_minute"("server_id", "tenant_id", "bucket");

CREATE TABLE "call_rollup_minute" (
  "bucket" timestamptz(3) NOT NULL,
  "tenant_id" uuid NOT NULL,
  "app_id" uuid NOT NULL,
  "calls" bigint NOT NULL DEFAULT 0,
  "connected_calls" bigint NOT NULL DEFAULT 0,
  "relayed_calls" bigint NOT NULL DEFAULT 0,
  "forced_relay_calls" bigint NOT NULL DEFAULT 0,
  "failed_calls" bigint NOT NULL DEFAULT 0,
  CONSTRAINT "call_rollup_minute_pkey" PRIMARY KEY ("bucket", "tenant_id", "app_id")
);
CREATE TABLE "call_rollup_hour" (LIKE "call_rollup_minute" INCLUDING DEFAULTS,
  CONSTRAINT "call_rollup_hour_pkey" PRIMARY KEY ("bucket", "tenant_id", "app_id"));
CREATE TABLE "call_rollup_day" (LIKE "call_rollup_minute" INCLUDING DEFAULTS,
  CONSTRAINT "call_rollup_day_pkey" PRIMARY KEY ("bucket", "tenant_id", "app_id"));

CREATE INDEX "relay_usage_delta_ts_idx" ON "relay_usage_delta" USING brin ("ts");
CREATE INDEX "relay_event_ts_idx" ON "relay_event" USING brin ("ts");
CREATE INDEX "client_report_received_at_idx" ON "client_report" USING brin ("received_at");
CREATE INDEX "relay_session_started_at_idx" ON "relay_session"("started_at");
CREATE INDEX "relay_session_ended_at_idx" ON "relay_session"("ended_at");
CREATE INDEX "client_connection_first_received_at_idx" ON "client_connection"("first_received_at");
-- Call setup's ICE errors per url read only connections that had errors (a few percent), from the
-- index alone (the errors ride along), so 90 days cost index pages, not scattered table rows.
CREATE INDEX "client_connection_ice_errors_idx" ON "client_connection"("first_received_at")
  INCLUDE ("id", "tenant_id", "app_id", "turn_server_id", "ice_errors") WHERE "ice_error_count" > 0;

-- ─── marks ──────────────────────────────────────────────────────────────────────────────────────
-- UTC minutes whatever the session's TimeZone (date_trunc on timestamptz would follow it).
CREATE FUNCTION relayscope_minute(t timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT date_bin('1 minute', t, timestamptz '2000-01-01 00:00:00+00') $$;

CREATE FUNCTION relayscope_mark_usage() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO rollup_mark (source, bucket) SELECT DISTINCT 'relay', relayscope_minute(ts) FROM new_rows;
  RETURN NULL;
END $fn$;

CREATE FUNCTION relayscope_mark_event() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO rollup_mark (source, bucket)
  SELECT DISTINCT 'relay', relayscope_minute(ts) FROM new_rows
  WHERE kind IN ('auth_failure', 'error', 'quota', 'no_relay_port', 'peer_denied');
  RETURN NULL;
END $fn$;

CREATE FUNCTION relayscope_mark_session_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO rollup_mark (source, bucket)
  SELECT DISTINCT 'relay', m FROM new_rows, LATERAL (VALUES (relayscope_minute(started_at)), (relayscope_minute(ended_at))) v(m)
  WHERE m IS NOT NULL;
  RETURN NULL;
END $fn$;

-- A session whose transport, realm or tenant changes re-keys all of its usage: every minute it spans
-- (bounded to a week) is marked. A moved start or end marks the old and the new minute. Row-level
-- with a WHEN: sessions are updated by every usage batch, and only these rare changes need marks.
-- A session moves tenant once, when the first line naming its realm or user arrives after lines
-- that did not (those got the server's default tenant): its earlier usage, events and peers move
-- with it, or the default tenant would keep another tenant's bytes.
CREATE FUNCTION relayscope_mark_session_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NEW.tenant_id <> OLD.tenant_id THEN
    UPDATE relay_usage_delta SET tenant_id = NEW.tenant_id WHERE session_id = NEW.id AND tenant_id <> NEW.tenant_id;
    UPDATE relay_event SET tenant_id = NEW.tenant_id WHERE session_id = NEW.id AND tenant_id <> NEW.tenant_id;
    UPDATE relay_peer SET tenant_id = NEW.tenant_id WHERE session_id = NEW.id AND tenant_id <> NEW.tenant_id;
  END IF;
  IF NEW.client_transport IS DISTINCT FROM OLD.client_transport OR NEW.realm IS DISTINCT FROM OLD.realm
     OR NEW.tenant_id <> OLD.tenant_id THEN
    INSERT INTO rollup_mark (source, bucket)
    SELECT DISTINCT 'relay', relayscope_minute(x)
    FROM generate_series(NEW.started_at, LEAST(COALESCE(NEW.ended_at, NEW.last_seen_at), NEW.started_at + interval '7 days'),
                         interval '1 minute') x
    UNION SELECT 'relay', relayscope_minute(COALESCE(NEW.ended_at, NEW.last_seen_at));
  END IF;
  INSERT INTO rollup_mark (source, bucket)
  SELECT DISTINCT 'relay', relayscope_minute(v)
  FROM (VALUES (NEW.started_at), (OLD.started_at), (NEW.ended_at), (OLD.ended_at)) t(v)
  WHERE v IS NOT NULL AND (NEW.started_at <> OLD.started_at OR NEW.ended_at IS DISTINCT FROM OLD.ended_at);
  RETURN NULL;
END $fn$;

CREATE FUNCTION relayscope_mark_connection() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO rollup_mark (source, bucket) SELECT DISTINCT 'client', relayscope_minute(first_received_at) FROM new_rows;
  RETURN NULL;
END $fn$;

-- A connection's reports are rolled up under its TURN server and forced-relay flag; when the join
-- (or a later body) changes either, every minute its reports span (bounded to a week) is marked.
CREATE FUNCTION relayscope_mark_connection_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO rollup_mark (source, bucket)
  SELECT DISTINCT 'client', m FROM (
    SELECT relayscope_minute(first_received_at) AS m FROM new_rows
    UNION ALL
    SELECT relayscope_minute(x)
    FROM new_rows n JOIN old_rows o ON o.id = n.id,
      LATERAL generate_series(n.first_received_at, LEAST(n.last_received_at, n.first_received_at + interval '7 days'), interval '1 minute') x
    WHERE n.turn_server_id IS DISTINCT FROM o.turn_server_id OR n.forced_relay <> o.forced_relay
    UNION ALL
    SELECT relayscope_minute(n.last_received_at) FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.turn_server_id IS DISTINCT FROM o.turn_server_id OR n.forced_relay <> o.forced_relay
  ) s;
  RETURN NULL;
END $fn$;

CREATE FUNCTION relayscope_mark_report() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO rollup_mark (source, bucket) SELECT DISTINCT 'client', relayscope_minute(received_at) FROM new_rows;
  RETURN NULL;
END $fn$;

CREATE TRIGGER relay_usage_delta_mark AFTER INSERT ON relay_usage_delta
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relayscope_mark_usage();
CREATE TRIGGER relay_event_mark AFTER INSERT ON relay_event
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relayscope_mark_event();
CREATE TRIGGER relay_session_mark_insert AFTER INSERT ON relay_session
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relayscope_mark_session_insert();
CREATE TRIGGER relay_session_mark_update AFTER UPDATE ON relay_session FOR EACH ROW
  WHEN (NEW.client_transport IS DISTINCT FROM OLD.client_transport OR NEW.realm IS DISTINCT FROM OLD.realm
        OR NEW.tenant_id <> OLD.tenant_id OR NEW.started_at <> OLD.started_at OR NEW.ended_at IS DISTINCT FROM OLD.ended_at)
  EXECUTE FUNCTION relayscope_mark_session_update();
CREATE TRIGGER client_connection_mark_insert AFTER INSERT ON client_connection
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relayscope_mark_connection();
CREATE TRIGGER client_connection_mark_update AFTER UPDATE ON client_connection
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relayscope_mark_connection_update();
CREATE TRIGGER client_report_mark AFTER INSERT ON client_report
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relayscope_mark_report();

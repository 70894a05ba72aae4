-- relayscope initial schema: every table of schema.prisma.
-- Raw event tables are range-partitioned by day; relayscope_ensure_day_partitions() creates the
-- children (called by migrate, by the partition-maintenance job and by ingest for old data).

-- CreateEnum
CREATE TYPE "path_kind" AS ENUM ('direct', 'turn-udp', 'turn-tcp', 'turn-tls', 'turn-unknown');
CREATE TYPE "client_transport" AS ENUM ('udp', 'tcp', 'tls', 'dtls');
CREATE TYPE "usage_leg" AS ENUM ('client', 'peer');
CREATE TYPE "api_key_kind" AS ENUM ('collector', 'app', 'api');
CREATE TYPE "alert_state" AS ENUM ('pending', 'firing', 'resolved');
CREATE TYPE "alert_severity" AS ENUM ('critical', 'high', 'medium', 'low');
CREATE TYPE "channel_kind" AS ENUM ('webhook', 'slack', 'pagerduty', 'email', 'alertmanager');
CREATE TYPE "notification_status" AS ENUM ('pending', 'sending', 'sent', 'failed');
CREATE TYPE "peer_grant" AS ENUM ('permission', 'channel');

-- CreateTable
CREATE TABLE "tenant" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "slug" character varying(64) NOT NULL,
  "name" character varying(200) NOT NULL,
  "time_zone" character varying(64) NOT NULL DEFAULT 'UTC',
  "relay_band_low_pct" numeric(5,2) NOT NULL DEFAULT 15,
  "relay_band_high_pct" numeric(5,2) NOT NULL DEFAULT 25,
  "max_rest_ttl_seconds" integer NOT NULL DEFAULT 86400,
  "created_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

  CONSTRAINT "tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "turn_server" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "name" character varying(100) NOT NULL,
  "region" character varying(64),
  "provider" character varying(64),
  "software" character varying(32) NOT NULL DEFAULT 'coturn',
  "version" character varying(64),
  "urls" text[] NOT NULL DEFAULT ARRAY[]::text[],
  "hostnames" text[] NOT NULL DEFAULT ARRAY[]::text[],
  "default_tenant_id" uuid NOT NULL,
  "relay_port_min" integer,
  "relay_port_max" integer,
  "user_quota" integer,
  "total_quota" integer,
  "created_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

  CONSTRAINT "turn_server_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "realm_tenant_rule" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "server_id" uuid NOT NULL,
  "realm" character varying(255) NOT NULL,
  "username_pattern" character varying(255),
  "tenant_id" uuid NOT NULL,
  "priority" integer NOT NULL DEFAULT 100,
  "created_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

  CONSTRAINT "realm_tenant_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "server_run" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "server_id" uuid NOT NULL,
  "started_at" timestamp(3) with time zone NOT NULL,
  "time_approximate" boolean NOT NULL DEFAULT false,
  "version" character varying(64),
  "startup_warnings" text[] NOT NULL DEFAULT ARRAY[]::text[],
  "ended_at" timestamp(3) with time zone,
  "created_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

  CONSTRAINT "server_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id" uuid NOT NULL,
  "name" character varying(100) NOT NULL,
  "allowed_origins" text[] NOT NULL DEFAULT ARRAY[]::text[],
  "created_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

  CONSTRAINT "app_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_key" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "kind" api_key_kind NOT NULL,
  "prefix" character varying(32) NOT NULL,
  "secret_hash" character varying(64) NOT NULL,
  "salt" character varying(32) NOT NULL,
  "name" character varying(100) NOT NULL,
  "tenant_id" uuid,
  "server_id" uuid,
  "app_id" uuid,
  "created_by" character varying(200),
  "created_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expires_at" timestamp(3) with time zone,
  "revoked_at" timestamp(3) with time zone,
  "last_used_at" timestamp(3) with time zone,

  CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "relay_session" (
  "id" uuid NOT NULL,
  "tenant_id" uuid NOT NULL,
  "server_id" uuid NOT NULL,
  "run_started_at" timestamp(3) with time zone NOT NULL,
  "coturn_session_id" bigint NOT NULL,
  "realm" character varying(255),
  "username" character varying(255),
  "stable_user" character varying(255),
  "credential_expires_at" timestamp(3) with time zone,
  "client_prefix" inet,
  "client_ip_hash" character varying(80),
  "client_transport" client_transport,
  "tls_cipher" character varying(100),
  "tls_method" character varying(32),
  "listener_address" character varying(64),
  "relay_ip" inet,
  "relay_port" integer,
  "tcp_relay" boolean NOT NULL DEFAULT false,
  "lifetime_seconds" integer,
  "started_at" timestamp(3) with time zone NOT NULL,
  "allocated_at" timestamp(3) with time zone,
  "last_seen_at" timestamp(3) with time zone NOT NULL,
  "ended_at" timestamp(3) with time zone,
  "close_reason" character varying(200),
  "time_approximate" boolean NOT NULL DEFAULT false,
  "client_rx_packets" bigint NOT NULL DEFAULT '0',
  "client_rx_bytes" bigint NOT NULL DEFAULT '0',
  "client_tx_packets" bigint NOT NULL DEFAULT '0',
  "client_tx_bytes" bigint NOT NULL DEFAULT '0',
  "peer_rx_packets" bigint NOT NULL DEFAULT '0',
  "peer_rx_bytes" bigint NOT NULL DEFAULT '0',
  "peer_tx_packets" bigint NOT NULL DEFAULT '0',
  "peer_tx_bytes" bigint NOT NULL DEFAULT '0',
  "auth_failures" integer NOT NULL DEFAULT 0,
  "error_count" integer NOT NULL DEFAULT 0,
  "created_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

  CONSTRAINT "relay_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "relay_usage_delta" (
  "id" uuid NOT NULL,
  "ts" timestamp(3) with time zone NOT NULL,
  "tenant_id" uuid NOT NULL,
  "server_id" uuid NOT NULL,
  "session_id" uuid NOT NULL,
  "leg" usage_leg NOT NULL,
  "rx_packets" bigint NOT NULL,
  "rx_bytes" bigint NOT NULL,
  "tx_packets" bigint NOT NULL,
  "tx_bytes" bigint NOT NULL,
  "ingested_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

  CONSTRAINT "relay_usage_delta_pkey" PRIMARY KEY ("id", "ts")
) PARTITION BY RANGE ("ts");

-- CreateTable
CREATE TABLE "relay_event" (
  "id" uuid NOT NULL,
  "ts" timestamp(3) with time zone NOT NULL,
  "tenant_id" uuid NOT NULL,
  "server_id" uuid NOT NULL,
  "session_id" uuid,
  "coturn_session_id" bigint,
  "kind" character varying(40) NOT NULL,
  "code" integer,
  "method" character varying(40),
  "realm" character varying(255),
  "username" character varying(255),
  "stable_user" character varying(255),
  "peer_prefix" inet,
  "peer_ip_hash" character varying(80),
  "peer_class" character varying(20),
  "client_prefix" inet,
  "client_ip_hash" character varying(80),
  "message" character varying(1024),
  "detail" jsonb,
  "ingested_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

  CONSTRAINT "relay_event_pkey" PRIMARY KEY ("id", "ts")
) PARTITION BY RANGE ("ts");

-- CreateTable
CREATE TABLE "relay_peer" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "session_id" uuid NOT NULL,
  "tenant_id" uuid NOT NULL,
  "server_id" uuid NOT NULL,
  "grant" peer_grant NOT NULL,
  "peer_prefix" inet NOT NULL,
  "peer_ip_hash" character varying(80) NOT NULL,
  "peer_address" inet,
  "peer_port" integer,
  "peer_class" character varying(20) NOT NULL,
  "first_seen_at" timestamp(3) with time zone NOT NULL,
  "last_seen_at" timestamp(3) with time zone NOT NULL,
  "deleted_at" timestamp(3) with time zone,
  "updates" integer NOT NULL DEFAULT 1,

  CONSTRAINT "relay_peer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quarantined_event" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "received_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "tenant_id" uuid,
  "source" character varying(20) NOT NULL,
  "server_id" uuid,
  "app_id" uuid,
  "agent_id" character varying(100),
  "reason" character varying(500) NOT NULL,
  "position" character varying(200),
  "payload" jsonb NOT NULL,

  CONSTRAINT "quarantined_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "collector_checkpoint" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "agent_id" character varying(100) NOT NULL,
  "server_id" uuid NOT NULL,
  "file_id" character varying(200) NOT NULL,
  "path" character varying(1024) NOT NULL,
  "offset" bigint NOT NULL,
  "state" jsonb NOT NULL,
  "updated_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

  CONSTRAINT "collector_checkpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "client_connection" (
  "id" uuid NOT NULL,
  "tenant_id" uuid NOT NULL,
  "app_id" uuid NOT NULL,
  "call_id" character varying(128) NOT NULL,
  "participant_id" character varying(128) NOT NULL,
  "connection_id" character varying(128) NOT NULL,
  "first_received_at" timestamp(3) with time zone NOT NULL,
  "last_received_at" timestamp(3) with time zone NOT NULL,
  "path_kind" path_kind,
  "local_candidate_type" character varying(10),
  "remote_candidate_type" character varying(10),
  "turn_url" character varying(512),
  "turn_server_id" uuid,
  "relay_port" integer,
  "forced_relay" boolean NOT NULL DEFAULT false,
  "turn_username" character varying(255),
  "rtt_ms" double precision,
  "rtt_ms_max" double precision,
  "jitter_ms" double precision,
  "loss_pct" double precision,
  "bytes_sent" bigint NOT NULL DEFAULT '0',
  "bytes_received" bigint NOT NULL DEFAULT '0',
  "packets_sent" bigint NOT NULL DEFAULT '0',
  "packets_received" bigint NOT NULL DEFAULT '0',
  "ice_error_count" integer NOT NULL DEFAULT 0,
  "ice_errors" jsonb NOT NULL DEFAULT '[]',
  "path_changes" integer NOT NULL DEFAULT 0,
  "time_to_connect_ms" integer,
  "state" character varying(20),
  "client_prefix" inet,
  "client_ip_hash" character varying(80),
  "sdk_version" character varying(32),
  "user_agent" character varying(256),
  "relay_session_id" uuid,
  "joined_at" timestamp(3) with time zone,
  "join_attempts" integer NOT NULL DEFAULT 0,
  "created_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

  CONSTRAINT "client_connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "client_report" (
  "connection_id" uuid NOT NULL,
  "sequence" integer NOT NULL,
  "connection_first_received_at" timestamp(3) with time zone NOT NULL,
  "tenant_id" uuid NOT NULL,
  "app_id" uuid NOT NULL,
  "received_at" timestamp(3) with time zone NOT NULL,
  "sampled_at" timestamp(3) with time zone NOT NULL,
  "path_kind" path_kind,
  "rtt_ms" double precision,
  "jitter_ms" double precision,
  "fraction_lost" double precision,
  "packets_lost_delta" bigint,
  "bytes_sent_delta" bigint NOT NULL DEFAULT '0',
  "bytes_received_delta" bigint NOT NULL DEFAULT '0',
  "packets_sent_delta" bigint NOT NULL DEFAULT '0',
  "packets_received_delta" bigint NOT NULL DEFAULT '0',
  "available_outgoing_bitrate" double precision,

  CONSTRAINT "client_report_pkey" PRIMARY KEY ("connection_id", "sequence", "connection_first_received_at")
) PARTITION BY RANGE ("connection_first_received_at");

-- CreateTable
CREATE TABLE "metric_target" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "server_id" uuid NOT NULL,
  "mode" character varying(10) NOT NULL,
  "url" character varying(1024) NOT NULL,
  "query" character varying(2000),
  "interval_ms" integer NOT NULL DEFAULT 15000,
  "last_scrape_at" timestamp(3) with time zone,
  "last_success_at" timestamp(3) with time zone,
  "last_error" character varying(1000),
  "last_duration_ms" integer,
  "series_count" integer,
  "created_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

  CONSTRAINT "metric_target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metric_sample" (
  "ts" timestamp(3) with time zone NOT NULL,
  "tenant_id" uuid NOT NULL,
  "server_id" uuid NOT NULL,
  "metric" character varying(200) NOT NULL,
  "labels_key" character varying(1000) NOT NULL,
  "labels" jsonb NOT NULL,
  "value" double precision NOT NULL,
  "rate" double precision,

  CONSTRAINT "metric_sample_pkey" PRIMARY KEY ("server_id", "metric", "labels_key", "ts")
) PARTITION BY RANGE ("ts");

-- CreateTable
CREATE TABLE "relay_rollup_minute" (
  "bucket" timestamp(3) with time zone NOT NULL,
  "tenant_id" uuid NOT NULL,
  "server_id" uuid NOT NULL,
  "client_transport" client_transport NOT NULL,
  "sessions_started" bigint NOT NULL DEFAULT '0',
  "sessions_ended" bigint NOT NULL DEFAULT '0',
  "client_rx_bytes" bigint NOT NULL DEFAULT '0',
  "client_tx_bytes" bigint NOT NULL DEFAULT '0',
  "peer_rx_bytes" bigint NOT NULL DEFAULT '0',
  "peer_tx_bytes" bigint NOT NULL DEFAULT '0',
  "client_rx_packets" bigint NOT NULL DEFAULT '0',
  "client_tx_packets" bigint NOT NULL DEFAULT '0',
  "peer_rx_packets" bigint NOT NULL DEFAULT '0',
  "peer_tx_packets" bigint NOT NULL DEFAULT '0',
  "auth_failures" bigint NOT NULL DEFAULT '0',
  "errors" bigint NOT NULL DEFAULT '0',

  CONSTRAINT "relay_rollup_minute_pkey" PRIMARY KEY ("bucket", "tenant_id", "server_id", "client_transport")
);

-- CreateTable
CREATE TABLE "relay_rollup_hour" (
  "bucket" timestamp(3) with time zone NOT NULL,
  "tenant_id" uuid NOT NULL,
  "server_id" uuid NOT NULL,
  "client_transport" client_transport NOT NULL,
  "sessions_started" bigint NOT NULL DEFAULT '0',
  "sessions_ended" bigint NOT NULL DEFAULT '0',
  "client_rx_bytes" bigint NOT NULL DEFAULT '0',
  "client_tx_bytes" bigint NOT NULL DEFAULT '0',
  "peer_rx_bytes" bigint NOT NULL DEFAULT '0',
  "peer_tx_bytes" bigint NOT NULL DEFAULT '0',
  "client_rx_packets" bigint NOT NULL DEFAULT '0',
  "client_tx_packets" bigint NOT NULL DEFAULT '0',
  "peer_rx_packets" bigint NOT NULL DEFAULT '0',
  "peer_tx_packets" bigint NOT NULL DEFAULT '0',
  "auth_failures" bigint NOT NULL DEFAULT '0',
  "errors" bigint NOT NULL DEFAULT '0',

  CONSTRAINT "relay_rollup_hour_pkey" PRIMARY KEY ("bucket", "tenant_id", "server_id", "client_transport")
);

-- CreateTable
CREATE TABLE "relay_rollup_day" (
  "bucket" timestamp(3) with time zone NOT NULL,
  "tenant_id" uuid NOT NULL,
  "server_id" uuid NOT NULL,
  "client_transport" client_transport NOT NULL,
  "sessions_started" bigint NOT NULL DEFAULT '0',
  "sessions_ended" bigint NOT NULL DEFAULT '0',
  "client_rx_bytes" bigint NOT NULL DEFAULT '0',
  "client_tx_bytes" bigint NOT NULL DEFAULT '0',
  "peer_rx_bytes" bigint NOT NULL DEFAULT '0',
  "peer_tx_bytes" bigint NOT NULL DEFAULT '0',
  "client_rx_packets" bigint NOT NULL DEFAULT '0',
  "client_tx_packets" bigint NOT NULL DEFAULT '0',
  "peer_rx_packets" bigint NOT NULL DEFAULT '0',
  "peer_tx_packets" bigint NOT NULL DEFAULT '0',
  "auth_failures" bigint NOT NULL DEFAULT '0',
  "errors" bigint NOT NULL DEFAULT '0',

  CONSTRAINT "relay_rollup_day_pkey" PRIMARY KEY ("bucket", "tenant_id", "server_id", "client_transport")
);

-- CreateTable
CREATE TABLE "client_rollup_minute" (
  "bucket" timestamp(3) with time zone NOT NULL,
  "tenant_id" uuid NOT NULL,
  "app_id" uuid NOT NULL,
  "turn_server_id" uuid NOT NULL,
  "path_kind" path_kind NOT NULL,
  "forced_relay" boolean NOT NULL,
  "connections" bigint NOT NULL DEFAULT '0',
  "connected_count" bigint NOT NULL DEFAULT '0',
  "failed_count" bigint NOT NULL DEFAULT '0',
  "ice_errors" bigint NOT NULL DEFAULT '0',
  "bytes_sent" bigint NOT NULL DEFAULT '0',
  "bytes_received" bigint NOT NULL DEFAULT '0',
  "rtt_samples" bigint NOT NULL DEFAULT '0',
  "rtt_sum_ms" double precision NOT NULL DEFAULT 0,
  "rtt_histogram" bigint[] NOT NULL DEFAULT ARRAY[]::bigint[],
  "connect_time_count" bigint NOT NULL DEFAULT '0',
  "connect_time_sum_ms" double precision NOT NULL DEFAULT 0,

  CONSTRAINT "client_rollup_minute_pkey" PRIMARY KEY ("bucket", "tenant_id", "app_id", "turn_server_id", "path_kind", "forced_relay")
);

-- CreateTable
CREATE TABLE "client_rollup_hour" (
  "bucket" timestamp(3) with time zone NOT NULL,
  "tenant_id" uuid NOT NULL,
  "app_id" uuid NOT NULL,
  "turn_server_id" uuid NOT NULL,
  "path_kind" path_kind NOT NULL,
  "forced_relay" boolean NOT NULL,
  "connections" bigint NOT NULL DEFAULT '0',
  "connected_count" bigint NOT NULL DEFAULT '0',
  "failed_count" bigint NOT NULL DEFAULT '0',
  "ice_errors" bigint NOT NULL DEFAULT '0',
  "bytes_sent" bigint NOT NULL DEFAULT '0',
  "bytes_received" bigint NOT NULL DEFAULT '0',
  "rtt_samples" bigint NOT NULL DEFAULT '0',
  "rtt_sum_ms" double precision NOT NULL DEFAULT 0,
  "rtt_histogram" bigint[] NOT NULL DEFAULT ARRAY[]::bigint[],
  "connect_time_count" bigint NOT NULL DEFAULT '0',
  "connect_time_sum_ms" double precision NOT NULL DEFAULT 0,

  CONSTRAINT "client_rollup_hour_pkey" PRIMARY KEY ("bucket", "tenant_id", "app_id", "turn_server_id", "path_kind", "forced_relay")
);

-- CreateTable
CREATE TABLE "client_rollup_day" (
  "bucket" timestamp(3) with time zone NOT NULL,
  "tenant_id" uuid NOT NULL,
  "app_id" uuid NOT NULL,
  "turn_server_id" uuid NOT NULL,
  "path_kind" path_kind NOT NULL,
  "forced_relay" boolean NOT NULL,
  "connections" bigint NOT NULL DEFAULT '0',
  "connected_count" bigint NOT NULL DEFAULT '0',
  "failed_count" bigint NOT NULL DEFAULT '0',
  "ice_errors" bigint NOT NULL DEFAULT '0',
  "bytes_sent" bigint NOT NULL DEFAULT '0',
  "bytes_received" bigint NOT NULL DEFAULT '0',
  "rtt_samples" bigint NOT NULL DEFAULT '0',
  "rtt_sum_ms" double precision NOT NULL DEFAULT 0,
  "rtt_histogram" bigint[] NOT NULL DEFAULT ARRAY[]::bigint[],
  "connect_time_count" bigint NOT NULL DEFAULT '0',
  "connect_time_sum_ms" double precision NOT NULL DEFAULT 0,

  CONSTRAINT "client_rollup_day_pkey" PRIMARY KEY ("bucket", "tenant_id", "app_id", "turn_server_id", "path_kind", "forced_relay")
);

-- CreateTable
CREATE TABLE "rollup_watermark" (
  "name" character varying(64) NOT NULL,
  "watermark" timestamp(3) with time zone NOT NULL,
  "updated_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

  CONSTRAINT "rollup_watermark_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "alert_rule" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id" uuid NOT NULL,
  "type" character varying(40) NOT NULL,
  "name" character varying(200) NOT NULL,
  "severity" alert_severity NOT NULL,
  "enabled" boolean NOT NULL DEFAULT true,
  "params" jsonb NOT NULL DEFAULT '{}',
  "for_seconds" integer NOT NULL DEFAULT 0,
  "created_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

  CONSTRAINT "alert_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id" uuid NOT NULL,
  "rule_id" uuid NOT NULL,
  "dedup_key" character varying(255) NOT NULL,
  "state" alert_state NOT NULL,
  "severity" alert_severity NOT NULL,
  "title" character varying(500) NOT NULL,
  "labels" jsonb NOT NULL DEFAULT '{}',
  "annotations" jsonb NOT NULL DEFAULT '{}',
  "evidence" jsonb NOT NULL DEFAULT '{}',
  "observed_value" double precision,
  "starts_at" timestamp(3) with time zone NOT NULL,
  "firing_at" timestamp(3) with time zone,
  "resolved_at" timestamp(3) with time zone,
  "last_evaluated_at" timestamp(3) with time zone NOT NULL,
  "clear_evaluations" integer NOT NULL DEFAULT 0,
  "acknowledged_at" timestamp(3) with time zone,
  "acknowledged_by" character varying(200),
  "silence_id" uuid,
  "created_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

  CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "silence" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id" uuid NOT NULL,
  "matchers" jsonb NOT NULL,
  "comment" character varying(1000) NOT NULL,
  "created_by" character varying(200) NOT NULL,
  "starts_at" timestamp(3) with time zone NOT NULL,
  "ends_at" timestamp(3) with time zone NOT NULL,
  "created_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

  CONSTRAINT "silence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_channel" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id" uuid NOT NULL,
  "kind" channel_kind NOT NULL,
  "name" character varying(100) NOT NULL,
  "config" jsonb NOT NULL,
  "min_severity" alert_severity NOT NULL DEFAULT 'low',
  "enabled" boolean NOT NULL DEFAULT true,
  "created_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

  CONSTRAINT "notification_channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id" uuid NOT NULL,
  "alert_id" uuid NOT NULL,
  "channel_id" uuid NOT NULL,
  "event" character varying(20) NOT NULL,
  "dedup_key" character varying(255) NOT NULL,
  "payload" jsonb NOT NULL,
  "status" notification_status NOT NULL DEFAULT 'pending',
  "attempts" integer NOT NULL DEFAULT 0,
  "next_attempt_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "last_error" character varying(1000),
  "sent_at" timestamp(3) with time zone,
  "created_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

  CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "price_book" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id" uuid NOT NULL,
  "name" character varying(100) NOT NULL,
  "provider" character varying(64) NOT NULL,
  "currency" character(3) NOT NULL DEFAULT 'USD',
  "measure" character varying(20) NOT NULL,
  "region" character varying(64),
  "price_per_gb" numeric(18,6) NOT NULL,
  "free_gb_per_month" numeric(18,3) NOT NULL DEFAULT 0,
  "monthly_fee" numeric(18,2) NOT NULL DEFAULT 0,
  "tiers" jsonb NOT NULL DEFAULT '[]',
  "source" character varying(500),
  "source_date" date,
  "effective_from" timestamp(3) with time zone NOT NULL,
  "effective_to" timestamp(3) with time zone,
  "created_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

  CONSTRAINT "price_book_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "at" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "tenant_id" uuid,
  "actor_type" character varying(20) NOT NULL,
  "actor_id" character varying(200) NOT NULL,
  "action" character varying(100) NOT NULL,
  "target_type" character varying(50),
  "target_id" character varying(200),
  "detail" jsonb NOT NULL DEFAULT '{}',
  "ip_prefix" inet,

  CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tenant_slug_key" ON "tenant"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "turn_server_name_key" ON "turn_server"("name");

-- CreateIndex
CREATE UNIQUE INDEX "server_run_server_id_started_at_key" ON "server_run"("server_id", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "app_tenant_id_name_key" ON "app"("tenant_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_prefix_key" ON "api_key"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "relay_session_server_id_run_started_at_coturn_session_id_key" ON "relay_session"("server_id", "run_started_at", "coturn_session_id");

-- CreateIndex
CREATE UNIQUE INDEX "relay_peer_session_id_peer_ip_hash_grant_key" ON "relay_peer"("session_id", "peer_ip_hash", "grant");

-- CreateIndex
CREATE UNIQUE INDEX "collector_checkpoint_server_id_agent_id_file_id_key" ON "collector_checkpoint"("server_id", "agent_id", "file_id");

-- CreateIndex
CREATE UNIQUE INDEX "client_connection_app_id_call_id_participant_id_connection_id_key" ON "client_connection"("app_id", "call_id", "participant_id", "connection_id");

-- CreateIndex
CREATE UNIQUE INDEX "metric_target_server_id_mode_url_key" ON "metric_target"("server_id", "mode", "url");

-- CreateIndex
CREATE UNIQUE INDEX "alert_rule_tenant_id_name_key" ON "alert_rule"("tenant_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "notification_channel_tenant_id_name_key" ON "notification_channel"("tenant_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "price_book_tenant_id_name_effective_from_key" ON "price_book"("tenant_id", "name", "effective_from");

-- CreateIndex
CREATE INDEX "realm_tenant_rule_server_id_priority_idx" ON "realm_tenant_rule"("server_id", "priority");

-- CreateIndex
CREATE INDEX "relay_session_tenant_id_started_at_idx" ON "relay_session"("tenant_id", "started_at");

-- CreateIndex
CREATE INDEX "relay_session_server_id_relay_port_started_at_idx" ON "relay_session"("server_id", "relay_port", "started_at");

-- CreateIndex
CREATE INDEX "relay_session_tenant_id_stable_user_started_at_idx" ON "relay_session"("tenant_id", "stable_user", "started_at");

-- CreateIndex
CREATE INDEX "relay_usage_delta_session_id_ts_idx" ON "relay_usage_delta"("session_id", "ts");

-- CreateIndex
CREATE INDEX "relay_usage_delta_tenant_id_server_id_ts_idx" ON "relay_usage_delta"("tenant_id", "server_id", "ts");

-- CreateIndex
CREATE INDEX "relay_event_tenant_id_kind_ts_idx" ON "relay_event"("tenant_id", "kind", "ts");

-- CreateIndex
CREATE INDEX "relay_event_session_id_idx" ON "relay_event"("session_id");

-- CreateIndex
CREATE INDEX "relay_peer_tenant_id_peer_class_first_seen_at_idx" ON "relay_peer"("tenant_id", "peer_class", "first_seen_at");

-- CreateIndex
CREATE INDEX "quarantined_event_source_received_at_idx" ON "quarantined_event"("source", "received_at");

-- CreateIndex
CREATE INDEX "client_connection_tenant_id_first_received_at_idx" ON "client_connection"("tenant_id", "first_received_at");

-- CreateIndex
CREATE INDEX "client_connection_tenant_id_call_id_idx" ON "client_connection"("tenant_id", "call_id");

-- CreateIndex
CREATE INDEX "client_connection_relay_session_id_idx" ON "client_connection"("relay_session_id");

-- CreateIndex
CREATE INDEX "client_report_tenant_id_received_at_idx" ON "client_report"("tenant_id", "received_at");

-- CreateIndex
CREATE INDEX "metric_sample_tenant_id_metric_ts_idx" ON "metric_sample"("tenant_id", "metric", "ts");

-- CreateIndex
CREATE INDEX "alert_tenant_id_state_starts_at_idx" ON "alert"("tenant_id", "state", "starts_at");

-- CreateIndex
CREATE INDEX "alert_dedup_key_idx" ON "alert"("dedup_key");

-- CreateIndex
CREATE INDEX "silence_tenant_id_ends_at_idx" ON "silence"("tenant_id", "ends_at");

-- CreateIndex
CREATE INDEX "notification_status_next_attempt_at_idx" ON "notification"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- CreateIndex
CREATE INDEX "audit_log_tenant_id_at_idx" ON "audit_log"("tenant_id", "at");

-- AddForeignKey
ALTER TABLE "turn_server" ADD CONSTRAINT "turn_server_default_tenant_id_fkey" FOREIGN KEY ("default_tenant_id") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "realm_tenant_rule" ADD CONSTRAINT "realm_tenant_rule_server_id_fkey" FOREIGN KEY ("server_id") REFERENCES "turn_server"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "realm_tenant_rule" ADD CONSTRAINT "realm_tenant_rule_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "server_run" ADD CONSTRAINT "server_run_server_id_fkey" FOREIGN KEY ("server_id") REFERENCES "turn_server"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "app" ADD CONSTRAINT "app_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_server_id_fkey" FOREIGN KEY ("server_id") REFERENCES "turn_server"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_app_id_fkey" FOREIGN KEY ("app_id") REFERENCES "app"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "relay_peer" ADD CONSTRAINT "relay_peer_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "relay_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collector_checkpoint" ADD CONSTRAINT "collector_checkpoint_server_id_fkey" FOREIGN KEY ("server_id") REFERENCES "turn_server"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metric_target" ADD CONSTRAINT "metric_target_server_id_fkey" FOREIGN KEY ("server_id") REFERENCES "turn_server"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_rule" ADD CONSTRAINT "alert_rule_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_silence_id_fkey" FOREIGN KEY ("silence_id") REFERENCES "silence"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "silence" ADD CONSTRAINT "silence_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_channel" ADD CONSTRAINT "notification_channel_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "notification_channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "price_book" ADD CONSTRAINT "price_book_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Partitions: one child per UTC day, named <parent>_pYYYYMMDD. Safe to call concurrently.
-- The child is created standalone and then attached: ATTACH takes a lighter lock on the parent than
-- CREATE ... PARTITION OF, and lock_timeout keeps a busy parent from queueing ingest behind us
-- (the caller retries later; the hourly job and ingest both call this).
CREATE FUNCTION relayscope_ensure_day_partitions(parent text, first_day date, last_day date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  d date := first_day;
  child text;
  created integer := 0;
BEGIN
  IF parent NOT IN ('relay_usage_delta', 'relay_event', 'client_report', 'metric_sample') THEN
    RAISE EXCEPTION 'relayscope_ensure_day_partitions: % is not a partitioned relayscope table', parent;
  END IF;
  IF last_day - first_day > 400 THEN
    RAISE EXCEPTION 'relayscope_ensure_day_partitions: refusing % partitions at once (max 400)', last_day - first_day + 1;
  END IF;
  PERFORM set_config('lock_timeout', '5s', true);
  WHILE d <= last_day LOOP
    child := parent || '_p' || to_char(d, 'YYYYMMDD');
    IF to_regclass(format('%I', child)) IS NULL THEN
      BEGIN
        EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', child, parent);
        EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
          parent, child, d::text || ' 00:00:00+00', (d + 1)::text || ' 00:00:00+00');
        created := created + 1;
      EXCEPTION WHEN duplicate_table OR unique_violation THEN
        NULL; -- another process created it first (its create + attach commit together)
      END;
    END IF;
    d := d + 1;
  END LOOP;
  RETURN created;
END
$$;

-- Open alerts are unique per dedup key (resolved ones are history).
CREATE UNIQUE INDEX "alert_open_dedup_key" ON "alert"("tenant_id", "dedup_key") WHERE "state" <> 'resolved';

-- A fresh install has one tenant, so a single-team setup never has to think about tenancy.
INSERT INTO "tenant" ("slug", "name") VALUES ('default', 'Default');

-- Accounts: better-auth's user, session, account, verification and rate-limit tables under our
-- names, the role of a user, the tenants granted to viewers and operators, and read-API tokens that
-- act for a user (their tenants, at most their role). better-auth leaves uuid ids to the database.
CREATE TYPE "user_role" AS ENUM ('viewer', 'operator', 'admin');

CREATE TABLE "app_user" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "name" varchar(200) NOT NULL,
    "email" varchar(320) NOT NULL,
    "email_verified" boolean NOT NULL DEFAULT false,
    "image" varchar(2000),
    "role" "user_role" NOT NULL DEFAULT 'viewer',
    "must_change_password" boolean NOT NULL DEFAULT false,
    "disabled_at" timestamptz(3),
    "created_at" timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");

CREATE TABLE "user_tenant" (
    "user_id" uuid NOT NULL,
    "tenant_id" uuid NOT NULL,
    "created_at" timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "user_tenant_pkey" PRIMARY KEY ("user_id", "tenant_id"),
    CONSTRAINT "user_tenant_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "user_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "user_tenant_tenant_id_idx" ON "user_tenant"("tenant_id");

CREATE TABLE "auth_session" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "token" varchar(200) NOT NULL,
    "user_id" uuid NOT NULL,
    "expires_at" timestamptz(3) NOT NULL,
    "ip_address" varchar(64),
    "user_agent" varchar(1000),
    "created_at" timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "auth_session_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "auth_session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "auth_session_token_key" ON "auth_session"("token");
CREATE INDEX "auth_session_user_id_idx" ON "auth_session"("user_id");

CREATE TABLE "auth_account" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "account_id" varchar(320) NOT NULL,
    "provider_id" varchar(100) NOT NULL,
    "user_id" uuid NOT NULL,
    "access_token" text,
    "refresh_token" text,
    "id_token" text,
    "access_token_expires_at" timestamptz(3),
    "refresh_token_expires_at" timestamptz(3),
    "scope" varchar(1000),
    "password" varchar(500),
    "created_at" timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "auth_account_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "auth_account_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "auth_account_user_id_idx" ON "auth_account"("user_id");

CREATE TABLE "auth_verification" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "identifier" varchar(500) NOT NULL,
    "value" text NOT NULL,
    "expires_at" timestamptz(3) NOT NULL,
    "created_at" timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "auth_verification_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "auth_verification_identifier_idx" ON "auth_verification"("identifier");

CREATE TABLE "auth_rate_limit" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "key" varchar(500) NOT NULL,
    "count" integer NOT NULL,
    "last_request" bigint NOT NULL,
    CONSTRAINT "auth_rate_limit_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "auth_rate_limit_key_key" ON "auth_rate_limit"("key");

ALTER TABLE "api_key" ADD COLUMN "user_id" uuid;
ALTER TABLE "api_key" ADD COLUMN "role" "user_role";
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "api_key_user_id_idx" ON "api_key"("user_id");

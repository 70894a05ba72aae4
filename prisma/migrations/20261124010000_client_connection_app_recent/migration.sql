-- Freshness (dashboard issue, overview g) judges each SDK app by its newest connections. Through the
-- (tenant_id, first_received_at) index it walked the tenant's newest connections until it had 100 of
-- the app's, fetching each from the heap to check its app: ~1,500 rows per app at 1 M sessions, and
-- all of them for an app with fewer than 100. By app, it reads exactly the app's newest 100.
-- first_received_at never changes after the first report, so updates of a connection stay HOT.
CREATE INDEX "client_connection_app_id_first_received_at_idx" ON "client_connection"("app_id", "first_received_at");

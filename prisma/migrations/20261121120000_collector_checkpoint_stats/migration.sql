-- The agent's cumulative line statistics (lines read, skipped by reason…), stored with its checkpoint
-- so /metrics can serve them from any app instance, whether the agent pushes over HTTP or writes
-- directly. Kept apart from "state", which is returned to the agent exactly as it sent it.
ALTER TABLE "collector_checkpoint" ADD COLUMN "stats" jsonb;

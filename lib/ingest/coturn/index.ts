// The app side of the coturn collector: what the ingest routes and `collect --direct` call.
export { type CheckpointQuery, getCoturnCheckpoints } from "./checkpoints";
export { IngestRejected, type IngestRejectedStatus } from "./errors";
export {
  type IngestOutcome,
  type IngestScope,
  ingestCoturnBatch,
  type PreparedCoturnBatch,
  prepareCoturnBatch,
  storeCoturnBatch,
} from "./ingest";

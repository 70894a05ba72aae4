// A problem with a whole batch (or checkpoint request): the route answers with its status and the
// shared error shape; the agent's `--direct` mode reports it the same way.
export type IngestRejectedStatus = 400 | 403 | 404 | 413 | 422;

export class IngestRejected extends Error {
  constructor(
    readonly status: IngestRejectedStatus,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "IngestRejected";
  }
}

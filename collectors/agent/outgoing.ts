// One batch on its way: the body as built, plus what the buffer and the status need to know about
// it. The JSON text is made once, and only by a sink that needs text (HTTP); the in-process sink
// hands the object to ingest directly.

export class Outgoing<B> {
  private text: string | undefined;

  constructor(
    readonly body: B,
    /** Events in the batch, for the status line. */
    readonly events: number,
    /** Upper estimate of the JSON size: what the buffer's byte bound counts. */
    readonly estimatedBytes: number,
  ) {}

  json(): string {
    this.text ??= JSON.stringify(this.body);
    return this.text;
  }
}

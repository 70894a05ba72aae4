// COPY … FROM STDIN (pg-copy-streams: node-postgres has no COPY of its own) inside a transaction that
// first empties or creates the table, so the rows load FREEZE: written frozen and all-visible
// (PostgreSQL ≥ 14), which spares the VACUUM a fresh load otherwise needs (it would rewrite every
// page) and lets index-only scans work at once.
// Partitioned tables cannot be COPYed FREEZE, so their rows are kept per day until the generator has
// moved past that day, then loaded into a table of their own, created in the COPY's transaction
// and attached as that day's partition after the load (attachPartitions). One connection per table,
// loading in the background while the generator goes on.
import { once } from "node:events";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { DAY_MS } from "./shape";

const CHUNK_CHARS = 1 << 20;
/** Bytes queued on a connection before the generator waits: both sides work at once. */
const MAX_QUEUED_BYTES = 8 << 20;
/** Days of one table waiting to be loaded before the generator waits (each ~1/90 of the table). */
const MAX_QUEUED_DAYS = 2;

type Quote = (id: string) => string;

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: "relayscope-bench-copy" });
  client.on("error", () => {}); // surfaces through the query or COPY stream that fails
  await client.connect();
  return client;
}

/** Writes chunks into `COPY table (columns) FROM STDIN (FREEZE)` on a connection in a transaction. */
async function copyChunks(client: pg.Client, table: string, columns: readonly string[], chunks: Iterable<string>): Promise<void> {
  const q: Quote = (id) => client.escapeIdentifier(id);
  // Built from our own constant table and column names, never from input.
  const stream = client.query(copyFrom(`COPY ${q(table)} (${columns.map(q).join(", ")}) FROM STDIN (FREEZE)`));
  const failed = new Promise<never>((_, reject) => stream.once("error", reject));
  failed.catch(() => {});
  for (const chunk of chunks) {
    stream.write(chunk);
    if (stream.writableLength > MAX_QUEUED_BYTES) await Promise.race([once(stream, "drain"), failed]);
  }
  await Promise.race([new Promise<void>((resolve) => stream.end(() => resolve())), failed]);
}

/** What the generator writes rows to: `at` is the row's partition time (ignored by plain tables). */
export type TableSink = {
  readonly rows: number;
  push: (row: string, at: number) => void;
  /** Sends what is buffered, waiting if the server is far behind. */
  flush: () => Promise<void>;
  /** Rows older than `t` will not come any more (partitioned tables load those days). */
  advance: (t: number) => Promise<void>;
  finish: () => Promise<void>;
  abort: () => Promise<void>;
};

/** A plain table: one transaction of TRUNCATE and COPY FREEZE, streamed as rows come. */
export function plainSink(url: string, table: string, columns: readonly string[]): TableSink {
  let rows = 0;
  let buffer = "";
  let failure: unknown;
  const ready = (async () => {
    const client = await connect(url);
    await client.query("BEGIN");
    await client.query(`TRUNCATE ${client.escapeIdentifier(table)}`);
    const q: Quote = (id) => client.escapeIdentifier(id);
    const stream = client.query(copyFrom(`COPY ${q(table)} (${columns.map(q).join(", ")}) FROM STDIN (FREEZE)`));
    stream.on("error", (err: Error) => {
      failure ??= err;
    });
    return { client, stream };
  })();
  ready.catch((err) => {
    failure ??= err;
  });
  const send = async (force: boolean) => {
    if (failure) throw failure;
    if (buffer.length === 0 || (!force && buffer.length < CHUNK_CHARS)) return;
    const { stream } = await ready;
    const chunk = buffer;
    buffer = "";
    stream.write(chunk);
    if (stream.writableLength > MAX_QUEUED_BYTES) await once(stream, "drain");
  };
  return {
    get rows() {
      return rows;
    },
    push(row) {
      buffer += row;
      rows++;
    },
    flush: () => send(false),
    advance: async () => {},
    async finish() {
      await send(true);
      const { client, stream } = await ready;
      try {
        await new Promise<void>((resolve, reject) => {
          stream.once("error", reject);
          stream.end(() => resolve());
        });
        if (failure) throw failure;
        await client.query("COMMIT");
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    async abort() {
      const opened = await ready.catch(() => undefined);
      opened?.stream.destroy();
      await opened?.client.end().catch(() => undefined);
    },
  };
}

export type DayTable = { parent: string; child: string; day: number };
export const dayChild = (parent: string, day: number) =>
  `${parent}_p${new Date(day * DAY_MS).toISOString().slice(0, 10).replace(/-/g, "")}`;
const dayBound = (day: number) => `${new Date(day * DAY_MS).toISOString().slice(0, 10)} 00:00:00+00`;

/**
 * A table partitioned by day on `column`: one table per day with rows, named like the partitions
 * relayscope_ensure_day_partitions makes (`<parent>_pYYYYMMDD`), created LIKE the parent with a CHECK
 * on the day's bounds so that attaching it needs no scan.
 */
export function partitionedSink(url: string, parent: string, column: string, columns: readonly string[], made: DayTable[]): TableSink {
  // Per day: full chunks, then the one being filled.
  const days = new Map<number, { chunks: string[]; current: string }>();
  let loadedBefore = Number.NEGATIVE_INFINITY;
  let rows = 0;
  const client = connect(url);
  // Loads run one after another on the table's connection; a failed one fails all that follow.
  let last: Promise<unknown> = client;
  const pending: Array<Promise<unknown>> = [];

  const load = async (day: number, chunks: string[]) => {
    const c = await client;
    const child = dayChild(parent, day);
    const q: Quote = (id) => c.escapeIdentifier(id);
    await c.query("BEGIN");
    await c.query(
      `CREATE TABLE ${q(child)} (LIKE ${q(parent)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
         CONSTRAINT ${q(`${child}_bounds`)} CHECK (${q(column)} >= '${dayBound(day)}' AND ${q(column)} < '${dayBound(day + 1)}'))`,
    );
    await copyChunks(c, child, columns, chunks);
    await c.query("COMMIT");
    made.push({ parent, child, day });
  };

  const queue = (day: number) => {
    const d = days.get(day);
    days.delete(day);
    if (!d) return;
    if (d.current.length > 0) d.chunks.push(d.current);
    last = last.then(() => load(day, d.chunks));
    last.catch(() => {}); // thrown by advance or finish, which await it
    pending.push(last);
  };

  return {
    get rows() {
      return rows;
    },
    push(row, at) {
      // Rounded as TimeText rounds the text: a time 0.4 ms before midnight is written as midnight.
      const day = Math.floor(Math.round(at) / DAY_MS);
      if (day < loadedBefore) throw new Error(`${parent}: a row for ${dayChild(parent, day)} after that day was loaded`);
      let d = days.get(day);
      if (!d) {
        d = { chunks: [], current: "" };
        days.set(day, d);
      }
      d.current += row;
      rows++;
      if (d.current.length >= CHUNK_CHARS) {
        d.chunks.push(d.current);
        d.current = "";
      }
    },
    flush: async () => {},
    async advance(t) {
      const before = Math.floor(t / DAY_MS);
      if (before <= loadedBefore) return;
      for (const day of [...days.keys()].sort((a, b) => a - b)) if (day < before) queue(day);
      loadedBefore = before;
      // Backpressure: the generator waits while the server is more than a couple of days behind.
      while (pending.length > MAX_QUEUED_DAYS) await pending.shift();
    },
    async finish() {
      for (const day of [...days.keys()].sort((a, b) => a - b)) queue(day);
      loadedBefore = Number.POSITIVE_INFINITY;
      try {
        await last;
      } finally {
        await (await client.catch(() => undefined))?.end().catch(() => undefined);
      }
    },
    async abort() {
      days.clear();
      await (await client.catch(() => undefined))?.end().catch(() => undefined);
    },
  };
}

/** Attaches the day tables as partitions (their CHECK makes it a catalog change) and drops the CHECKs. */
export async function attachPartitions(url: string, made: DayTable[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q: Quote = (id) => client.escapeIdentifier(id);
    for (const t of made) {
      await client.query(
        `ALTER TABLE ${q(t.parent)} ATTACH PARTITION ${q(t.child)} FOR VALUES FROM ('${dayBound(t.day)}') TO ('${dayBound(t.day + 1)}')`,
      );
      await client.query(`ALTER TABLE ${q(t.child)} DROP CONSTRAINT ${q(`${t.child}_bounds`)}`);
    }
  } finally {
    await client.end();
  }
}

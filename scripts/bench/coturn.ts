// `npm run bench -- coturn`: the collector's figures on a log generated from the corpus' line shapes
// (≥ 1 GB, or 2 MB with --tiny): parse-only lines/s on one core, parse + sessionize lines/s, the
// end-to-end rate of `relayscope collect coturn --direct --once` into PostgreSQL with its peak RSS
// (run as operators deploy the agent: the plain-node bundle of collectors/agent/build.ts, with the
// V8 limits docs/operations.md gives), and `psql \copy` of the same rows into the same tables in the
// same run. Printed, never asserted.
import { execFile, spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { buildAgent } from "../../collectors/agent/build";
import { parseCoturnLine } from "../../collectors/coturn/parse";
import { Sessionizer } from "../../collectors/coturn/sessionize";
import type { CoturnEvent } from "../../collectors/schema/coturn";
import { openTestDatabaseServer } from "../test/database";
import { generateCoturnLog } from "./coturn-log-generator";
import type { Bench } from "./main";

const run = promisify(execFile);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** Streams the file's lines (without newlines) to `fn`; returns the line count. */
async function eachLine(file: string, fn: (line: string, pos: number) => void): Promise<number> {
  let rest = "";
  let pos = 0;
  let lines = 0;
  // latin1 keeps byte offsets equal to string offsets; the generated log is ASCII.
  for await (const chunk of createReadStream(file, { encoding: "latin1", highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
      fn(text.slice(start, nl), pos);
      pos += nl - start + 1;
      start = nl + 1;
      lines++;
    }
    rest = text.slice(start);
  }
  return lines;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

/** The agent's V8 limits, as docs/operations.md deploys it. */
const AGENT_NODE_OPTIONS = "--max-old-space-size=128 --max-semi-space-size=8";

/** Runs the agent and reads its peak RSS from /proc while it runs (VmHWM just before exit). */
function collect(
  agent: string,
  root: string,
  env: NodeJS.ProcessEnv,
  args: string[],
): Promise<{ code: number | null; peakRssMb: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [agent, "collect", "coturn", ...args], {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let peakKb = 0;
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const probe = setInterval(async () => {
      const status = await import("node:fs/promises").then((fs) => fs.readFile(`/proc/${child.pid}/status`, "utf8")).catch(() => "");
      const m = /VmHWM:\s+(\d+) kB/.exec(status);
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    }, 100);
    child.on("close", (code) => {
      clearInterval(probe);
      resolve({ code, peakRssMb: peakKb / 1024, output });
    });
  });
}

export const coturn: Bench = {
  name: "coturn",
  describe: "coturn collector: parse-only, sessionize and end-to-end rates vs psql \\copy, peak RSS",
  async run({ root, tiny, sizeMb }) {
    const dir = await mkdtemp(path.join(os.tmpdir(), "relayscope-bench-coturn-"));
    const db = await openTestDatabaseServer(process.env.DATABASE_URL, path.join(root, "prisma", "migrations"));
    try {
      const log = path.join(dir, "turn.log");
      const target = tiny ? 2e6 : sizeMb !== undefined ? sizeMb * 1024 ** 2 : 1.05 * 1024 ** 3;
      const gen = await timed(() => generateCoturnLog(log, target, 42));
      const size = (await stat(log)).size;
      console.log(
        `log: ${(size / 1024 ** 2).toFixed(1)} MiB, ${fmt(gen.value.lines)} lines, ${fmt(gen.value.sessions)} sessions, ${fmt(gen.value.usageLines)} usage lines (generated in ${gen.seconds.toFixed(1)} s)`,
      );

      // Write the generated gigabyte out first: its writeback would otherwise compete with the
      // parse-only pass for the CPU and the disk (seen: 0.68 M instead of 1.0 M lines/s).
      await run("sync", []);
      let records = 0;
      const parse = await timed(() => eachLine(log, (line) => (parseCoturnLine(line).record ? records++ : 0)));
      console.log(
        `parse-only (envelope + classify, one core): ${fmt(parse.value / parse.seconds)} lines/s (${parse.seconds.toFixed(1)} s)`,
      );

      const sessionizer = new Sessionizer();
      const out: CoturnEvent[] = [];
      let events = 0;
      const sessionize = await timed(() =>
        eachLine(log, (line, pos) => {
          sessionizer.push(line, pos, out);
          events += out.length;
          out.length = 0;
        }),
      );
      console.log(
        `parse + sessionize (one core): ${fmt(sessionize.value / sessionize.seconds)} lines/s, ${fmt(events)} events (${sessionize.seconds.toFixed(1)} s)`,
      );

      const url = await db.createDatabase("perf_bench_coturn");
      const env = {
        ...process.env,
        DATABASE_URL: url,
        RELAYSCOPE_DATA_DIR: path.join(dir, "data"),
        LOG_LEVEL: "warn",
        RELAYSCOPE_JOBS: "off",
      };
      const cli = path.join(root, "scripts", "relayscope.mjs");
      await run(process.execPath, [cli, "server", "add", "bench-turn"], { cwd: root, env });
      // The agent as docs/operations.md deploys it: bundled, and V8's heap capped (without the caps
      // V8 lets a backfill's heap grow to a few hundred MB before collecting it).
      const agent = await buildAgent(root);
      const agentEnv = { ...env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} ${AGENT_NODE_OPTIONS}`.trim() };
      const e2e = await timed(() =>
        collect(agent.file, root, agentEnv, [
          "--file",
          log,
          "--server",
          "bench-turn",
          "--direct",
          "--from-start",
          "--once",
          "--status-interval",
          "0",
        ]),
      );
      if (e2e.value.code !== 0) throw new Error(`collect exited ${e2e.value.code}:\n${e2e.value.output.slice(-3000)}`);

      // The same rows, dumped and loaded again with psql's \copy into the same (emptied) tables.
      const tables = ["relay_usage_delta", "relay_event"];
      const counts = await run("psql", [url, "-Atc", tables.map((t) => `SELECT count(*) FROM ${t}`).join(" UNION ALL ")]);
      const rows = counts.stdout.trim().split("\n").map(Number);
      const totalRows = rows.reduce((a, b) => a + b, 0);
      let copySeconds = 0;
      for (const t of tables) {
        const file = path.join(dir, `${t}.copy`);
        await run("psql", [url, "-qc", `\\copy (SELECT * FROM ${t}) TO '${file}'`], { maxBuffer: 1 << 24 });
        await run("psql", [url, "-qc", `TRUNCATE ${t}`]);
        const copy = await timed(() => run("psql", [url, "-qc", `\\copy ${t} FROM '${file}'`], { maxBuffer: 1 << 24 }));
        copySeconds += copy.seconds;
      }
      const e2eLines = gen.value.lines / e2e.seconds;
      const e2eRows = totalRows / e2e.seconds;
      const copyRows = totalRows / copySeconds;
      console.log(
        `end-to-end (collect coturn --direct, ${rows[0]} usage + ${rows[1]} event rows): ${fmt(e2eLines)} lines/s, ${fmt(e2eRows)} rows/s (${e2e.seconds.toFixed(1)} s)`,
      );
      console.log(
        `psql \\copy of the same ${fmt(totalRows)} rows into the same tables: ${fmt(copyRows)} rows/s (${copySeconds.toFixed(1)} s)`,
      );
      // The target compares the end-to-end rate in log lines/s with \copy's rate in rows/s.
      // Rows per row is the stricter figure (a log line makes less than one usage/event row here).
      console.log(`end-to-end lines/s ÷ \\copy rows/s (the target's measure, ≥ 0.5): ${(e2eLines / copyRows).toFixed(2)}×`);
      console.log(`end-to-end rows/s ÷ \\copy rows/s (stricter): ${(e2eRows / copyRows).toFixed(2)}×`);
      console.log(
        `collector peak RSS (node ${path.relative(root, agent.file)}, NODE_OPTIONS=${AGENT_NODE_OPTIONS}): ${e2e.value.peakRssMb.toFixed(0)} MB`,
      );
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

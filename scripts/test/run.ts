// `npm test` and its parts. unit: pure code. integration: real PostgreSQL (DATABASE_URL's server, or
// embedded), one fresh database per suite. e2e: Playwright + Debian Chromium against `relayscope start`.
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../lib/net/ports";
import { buildIfNeeded } from "../cli/build";
import { openTestDatabaseServer } from "./database";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const suites = ["unit", "integration", "e2e"] as const;
type Suite = (typeof suites)[number];

async function findTests(dir: string, suffix: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(suffix)) out.push(path.join(entry.parentPath ?? dir, entry.name));
  }
  return out.sort();
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: "inherit" });
    child.on("close", (code) => resolve(code ?? 1));
  });
}

const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" };

async function runNodeTests(dir: string, env: NodeJS.ProcessEnv, concurrency: number): Promise<number> {
  const files = await findTests(path.join(root, "test", dir), ".test.ts");
  if (files.length === 0) throw new Error(`no tests found in test/${dir}`);
  return run(process.execPath, ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, ...files], env);
}

async function main(): Promise<number> {
  const which = process.argv[2] ?? "all";
  const wanted: Suite[] = which === "all" ? [...suites] : suites.filter((s) => s === which);
  if (wanted.length === 0) throw new Error(`unknown suite "${which}": use unit, integration, e2e or all`);
  const serverUrl = process.env.DATABASE_URL;
  const needsDb = wanted.some((s) => s !== "unit");
  const db = needsDb ? await openTestDatabaseServer(serverUrl, path.join(root, "prisma", "migrations")) : undefined;
  if (db) console.log(`test database server: ${db.kind === "embedded" ? "embedded PostgreSQL (temporary)" : "DATABASE_URL's server"}`);
  try {
    for (const suite of wanted) {
      console.log(`\n── ${suite} tests ──`);
      let code: number;
      if (suite === "unit") code = await runNodeTests("unit", { ...baseEnv, DATABASE_URL: "" }, 4);
      else if (suite === "integration") {
        // Some integration tests run the real app (HTTP ingest, app restarts): build it once here.
        await buildIfNeeded(root, (m) => console.log(m));
        const url = await db!.createDatabase("integration");
        code = await runNodeTests("integration", { ...baseEnv, DATABASE_URL: url }, 1);
      } else {
        await buildIfNeeded(root, (m) => console.log(m));
        const url = await db!.createDatabase("e2e");
        const playwright = path.join(root, "node_modules", "@playwright", "test", "cli.js");
        const dataDir = await mkdtemp(path.join(os.tmpdir(), "relayscope-e2e-"));
        try {
          code = await run(process.execPath, [playwright, "test"], {
            ...baseEnv,
            DATABASE_URL: url,
            E2E_PORT: String(await freePort()),
            RELAYSCOPE_DATA_DIR: dataDir,
          });
        } finally {
          await rm(dataDir, { recursive: true, force: true });
        }
      }
      if (code !== 0) {
        console.error(`\n${suite} tests failed (exit ${code})`);
        return code;
      }
    }
    return 0;
  } finally {
    await db?.close();
  }
}

process.exitCode = await main();

// `start` builds the Next.js app when there is no build or the sources are newer than it, so that
// `npm install && npm start` works on a fresh clone and after a pull.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { buildSdk, describeSizes, SDK_FILES, SDK_OUT_DIR } from "../sdk/build";
import { CliError } from "./errors";

const SOURCES = ["app", "lib", "collectors", "proxy.ts", "next.config.ts", "package.json", "tsconfig.json"];

async function newestMtime(p: string): Promise<number> {
  if (!existsSync(p)) return 0;
  const s = await stat(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of await readdir(p)) newest = Math.max(newest, await newestMtime(path.join(p, entry)));
  return newest;
}

export async function buildIsStale(root: string): Promise<boolean> {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  if (!existsSync(path.join(root, SDK_OUT_DIR, SDK_FILES.script))) return true;
  const built = (await stat(buildId)).mtimeMs;
  for (const src of SOURCES) if ((await newestMtime(path.join(root, src))) > built) return true;
  return false;
}

export async function buildIfNeeded(root: string, log: (msg: string) => void): Promise<boolean> {
  if (!(await buildIsStale(root))) return false;
  log("building the browser SDK");
  log(describeSizes(await buildSdk(root), root));
  log("building the web app (next build); this takes a minute the first time");
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const code = await new Promise<number | null>((resolve) => {
    // Telemetry off: this often runs on machines without outbound network.
    const child = spawn(process.execPath, [nextBin, "build"], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    child.on("close", resolve);
  });
  if (code !== 0) throw new CliError(`next build failed (exit ${code}); see the output above`);
  return true;
}

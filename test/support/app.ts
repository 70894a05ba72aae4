// The real app (`relayscope start`) in a child process, for integration tests that need HTTP ingest
// and must stop and restart the app (an agent buffering while the app is down). The test runner
// builds the app before the integration suite, so start does not build here.
import { spawn } from "node:child_process";
import { freePort } from "../../lib/net/ports";
import { CLI, type CliEnv, ROOT } from "./cli";
import { stopChild } from "./process";

export type RunningApp = { url: string; port: number; stop: () => Promise<void>; output: () => string };

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Starts the app on a free port (or `port`) and waits until /api/health answers 200. */
export async function startApp(env: CliEnv, port?: number, timeoutMs = 90_000): Promise<RunningApp> {
  const p = port ?? (await freePort());
  const child = spawn(process.execPath, [CLI, "start", "--port", String(p)], {
    cwd: ROOT,
    env: { ...process.env, RELAYSCOPE_JOBS: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${p}`;
  const deadline = Date.now() + timeoutMs;
  while (!(await healthy(url))) {
    if (child.exitCode !== null) throw new Error(`relayscope start exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      await stopChild(child, 20_000);
      throw new Error(`relayscope start was not healthy within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port: p, stop: () => stopChild(child, 20_000), output: () => output };
}

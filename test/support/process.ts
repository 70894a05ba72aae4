// Child processes of tests: the real `relayscope collect coturn` in the background, and stopping
// any child without leaving it behind.
import { type ChildProcess, spawn } from "node:child_process";
import { CLI, type CliEnv, ROOT } from "./cli";

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export type Collector = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/** `relayscope collect coturn <args>` in the background, its stdout and stderr collected. */
export function startCollector(args: string[], env: CliEnv): Collector {
  const child = spawn(process.execPath, [CLI, "collect", "coturn", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

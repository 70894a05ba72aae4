import http from "node:http";
import type { Command } from "commander";
import next from "next";
import { checkDatabase } from "../../../lib/db/check";
import { inspectDataDir } from "../../../lib/db/embedded";
import { appRoot, configuredDatabaseUrl, dataDir, env } from "../../../lib/env";
import { startJobs } from "../../../lib/jobs/runner";
import { log } from "../../../lib/log";
import { buildIfNeeded } from "../build";
import { openDatabase } from "../database";
import { CliError } from "../errors";

async function listen(server: http.Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE")
        reject(new CliError(`port ${port} on ${host} is in use; stop what uses it or set PORT to another port`));
      else if (err.code === "EADDRNOTAVAIL") reject(new CliError(`cannot listen on ${host}: no such address on this machine; check HOST`));
      else reject(err);
    });
    server.listen(port, host, resolve);
  });
}

async function portFree(port: number, host: string): Promise<void> {
  const probe = http.createServer();
  await listen(probe, port, host);
  await new Promise((r) => probe.close(r));
}

export function registerStart(program: Command): void {
  program
    .command("start")
    .description("run relayscope: database (embedded unless DATABASE_URL), migrations, jobs and the web app")
    .option("--port <port>", "HTTP port (default: PORT or 3000)")
    .option("--host <host>", "address to bind (default: HOST or 127.0.0.1)")
    .action(async (opts: { port?: string; host?: string }) => {
      const port = opts.port ? Number(opts.port) : env().PORT;
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliError(`--port "${opts.port}" is not a port number`);
      const host = opts.host ?? env().HOST;
      const root = appRoot();
      const say = (msg: string) => process.stderr.write(`relayscope: ${msg}\n`);

      // Checks that need nothing started come first, so a failure leaves nothing half-running.
      await portFree(port, host);
      const url = configuredDatabaseUrl();
      if (url) await checkDatabase(url);
      else await inspectDataDir(dataDir());
      await buildIfNeeded(root, say);
      const t0 = Date.now();
      const db = await openDatabase({ migrate: true });
      say(`database ready in ${Date.now() - t0} ms (${db.embedded ? "embedded PostgreSQL" : "DATABASE_URL"})`);

      const jobs = env().RELAYSCOPE_JOBS === "on" ? await startJobs(db.url) : undefined;
      const app = next({ dev: false, dir: root, hostname: host, port });
      await app.prepare();
      const handle = app.getRequestHandler();
      const server = http.createServer((req, res) => {
        handle(req, res).catch((err: unknown) => {
          log().error({ err, url: req.url }, "request failed");
          if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { code: "internal", message: "internal error" } }));
        });
      });
      await listen(server, port, host);
      const shown = host === "127.0.0.1" || host === "0.0.0.0" ? "localhost" : host;
      say(`ready on http://${shown}:${port}`);

      let stopping = false;
      const shutdown = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        say(`${signal}: stopping`);
        const force = setTimeout(() => process.exit(1), 20_000);
        force.unref();
        server.closeIdleConnections?.();
        await new Promise((r) => server.close(r));
        await jobs?.stop().catch((err: unknown) => log().error({ err }, "stopping jobs"));
        await app.close?.().catch(() => {});
        await db.close();
        say("stopped");
        process.exit(0);
      };
      process.on("SIGINT", () => void shutdown("SIGINT"));
      process.on("SIGTERM", () => void shutdown("SIGTERM"));
    });
}

import http from "node:http";
import type { Command } from "commander";
import { checkDatabase } from "../../../lib/db/check";
import { inspectDataDir } from "../../../lib/db/embedded";
import { appRoot, configuredDatabaseUrl, dataDir, env, resetEnvCache } from "../../../lib/env";
import { clientAddress } from "../../../lib/http/client-ip";
import { log } from "../../../lib/log";
import { buildIfNeeded } from "../build";
import { openDatabase } from "../database";
import { CliError } from "../errors";

const say = (msg: string) => process.stderr.write(`relayscope: ${msg}\n`);

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

/**
 * What `start` has brought up, stopped in reverse order. A signal at any moment, or a failure of
 * any later step, stops exactly what is running — never leaving the embedded database behind.
 */
class Lifecycle {
  private closers: { name: string; close: () => Promise<void> }[] = [];
  stopRequested = false;

  add(name: string, close: () => Promise<void>): void {
    this.closers.push({ name, close });
  }

  async closeAll(): Promise<void> {
    for (let c = this.closers.pop(); c; c = this.closers.pop()) {
      await c.close().catch((err: unknown) => log().error({ err }, `stopping ${c?.name}`));
    }
  }
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
      // Route handlers read PORT and HOST through env() (the app's own origin); tell them what we use.
      process.env.PORT = String(port);
      process.env.HOST = host;
      resetEnvCache();
      const root = appRoot();

      // Checks that need nothing started come first, so a refusal leaves nothing half-running.
      await portFree(port, host);
      const url = configuredDatabaseUrl();
      if (url) await checkDatabase(url);
      else await inspectDataDir(dataDir());
      await buildIfNeeded(root, say);

      const life = new Lifecycle();
      let serving = false;
      const stopAndExit = async () => {
        const force = setTimeout(() => {
          say("did not stop within 20 s; exiting");
          process.exit(1);
        }, 20_000);
        force.unref();
        await life.closeAll();
        say("stopped");
        process.exit(0);
      };
      // Ctrl-C in a terminal signals the whole process group, the embedded postgres included: that
      // is a fast shutdown on its side, and closeAll() copes with a database that is already gone.
      for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
        process.on(signal, () => {
          if (life.stopRequested) return;
          life.stopRequested = true;
          say(`${signal}: stopping`);
          if (serving) void stopAndExit(); // otherwise the start-up sequence below notices and stops
        });
      }

      try {
        const t0 = Date.now();
        const db = await openDatabase({ migrate: true, stopOnSignal: false });
        life.add("database", db.close);
        say(`database ready in ${Date.now() - t0} ms (${db.embedded ? "embedded PostgreSQL" : "DATABASE_URL"})`);
        if (life.stopRequested) return await stopAndExit();

        const { ensureFirstAdmin } = await import("../../../lib/auth/first-admin");
        const firstAdmin = await ensureFirstAdmin();
        if (firstAdmin) {
          say(`first admin created: ${firstAdmin.email}`);
          say(`one-time password: ${firstAdmin.oneTimePassword}`);
          say(
            "it is shown only this once; sign in with it and choose your own password (or add admins with `relayscope user add --role admin`)",
          );
        }

        if (env().RELAYSCOPE_JOBS === "on") {
          const { startJobs } = await import("../../../lib/jobs/runner");
          const jobs = await startJobs(db.url);
          life.add("jobs", jobs.stop);
        }
        // Loaded here, not at the top: every other command (agents on TURN hosts) stays light.
        const { default: next } = await import("next");
        const app = next({ dev: false, dir: root, hostname: host, port });
        await app.prepare();
        life.add("web app", async () => app.close?.());
        const handle = app.getRequestHandler();
        const getstats = await import("../../../lib/ingest/getstats/node-route");
        const trustedHops = env().RELAYSCOPE_TRUSTED_PROXY_HOPS;
        const trustedProxies = env().RELAYSCOPE_TRUSTED_PROXY_ADDRESSES;
        const server = http.createServer((req, res) => {
          // One trustworthy address for route handlers (rate limits, client prefixes): lib/http/client-ip.ts.
          const client = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustedHops, trustedProxies);
          if (client) req.headers["x-forwarded-for"] = client;
          else delete req.headers["x-forwarded-for"];
          const served = getstats.isGetstatsIngest(req) ? getstats.serveGetstatsIngest(req, res) : handle(req, res);
          served.catch((err: unknown) => {
            log().error({ err, url: req.url }, "request failed");
            if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
            res.end(JSON.stringify({ error: { code: "internal", message: "internal error" } }));
          });
        });
        await listen(server, port, host);
        life.add("http server", async () => {
          server.closeIdleConnections();
          await new Promise((r) => server.close(r));
        });
        serving = true;
        if (life.stopRequested) return await stopAndExit();
        const shown = host === "127.0.0.1" || host === "0.0.0.0" ? "localhost" : host;
        say(`ready on http://${shown}:${port}`);
      } catch (err) {
        await life.closeAll();
        throw err;
      }
    });
}

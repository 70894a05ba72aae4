// `relayscope import webrtc-internals <dump>`: a chrome://webrtc-internals dump (JSON or its .gz)
// through the SDK's own summariser (collectors/getstats/import) into the getStats ingest, as if the
// page had run the SDK. Each stored item takes the browser's sample time as its receive time, so an
// imported call joins with the coturn sessions of its own time. Importing the same dump again stores
// nothing twice (connection ids come from the dump).
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { MAX_DUMP_BYTES } from "../../../collectors/getstats/import/dump";
import { decodeDump, importWebrtcInternals, WebrtcInternalsDumpError } from "../../../collectors/getstats/import/webrtc-internals";
import type { GetstatsBody } from "../../../collectors/schema/getstats";
import { prisma } from "../../../lib/db/prisma";
import { ingestGetstatsBody } from "../../../lib/ingest/getstats/ingest";
import { withDatabase } from "../database";
import { CliError } from "../errors";
import { printJson, printTable } from "../output";
import { parseOption, slug } from "../validate";
import { tenantBySlug } from "./tenant";

const seconds = z.coerce.number().int().min(1).max(60);

type Options = { app: string; tenant: string; callId?: string; participant?: string; interval: string; json?: boolean };

/** The browser's time of a body's newest item: its receive time in an import. */
function bodyTime(body: GetstatsBody): Date {
  let newest = 0;
  for (const item of body.items as Array<{ sampledAt?: number; at?: number }>) newest = Math.max(newest, item.sampledAt ?? item.at ?? 0);
  return new Date(newest || Date.now());
}

// The error's message already lists its issues.
const dumpError = (err: WebrtcInternalsDumpError, file: string) => new CliError(`${file}: ${err.message}`);

async function readDumpFile(file: string): Promise<unknown> {
  const size = await stat(file).then(
    (s) => s.size,
    (err: NodeJS.ErrnoException) => {
      throw new CliError(`cannot read ${file}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
    },
  );
  if (size > MAX_DUMP_BYTES) throw new CliError(`${file} is ${size} bytes; dumps over ${MAX_DUMP_BYTES} bytes are refused`);
  try {
    return decodeDump(await readFile(file));
  } catch (err) {
    if (err instanceof WebrtcInternalsDumpError)
      throw new CliError([`${file}: ${err.message}`, ...err.issues.map((i) => `  ${i}`)].join("\n"));
    throw err;
  }
}

export function registerImport(program: Command): void {
  const imp = program.command("import").description("import data from other tools");
  imp
    .command("webrtc-internals")
    .description("import a chrome://webrtc-internals dump (JSON or .gz) as getStats reports of an SDK app")
    .argument("<dump>", "the dump file")
    .requiredOption("--app <name>", "the SDK app the calls belong to")
    .option("--tenant <slug>", "the app's tenant", "default")
    .option("--call-id <id>", "call id (default: from the file name, or a hash of the dump)")
    .option("--participant <id>", "participant id (default: webrtc-internals)")
    .option("--interval <seconds>", "one summary every so many seconds of the dump, like the SDK's intervalMs (1–60)", "10")
    .option("--json", "print JSON")
    .action(async (file: string, opts: Options) => {
      const appName = parseOption(slug, opts.app, "--app");
      const intervalMs = parseOption(seconds, opts.interval, "--interval") * 1000;
      const dump = await readDumpFile(file);
      let converted: ReturnType<typeof importWebrtcInternals>;
      try {
        converted = importWebrtcInternals(dump, {
          callId: opts.callId,
          participantId: opts.participant,
          intervalMs,
          fileName: path.basename(file),
        });
      } catch (err) {
        if (err instanceof WebrtcInternalsDumpError) throw dumpError(err, file);
        throw err;
      }
      for (const w of converted.warnings) console.error(`warning: ${w.connection ? `${w.connection}: ` : ""}${w.message}`);

      await withDatabase(async () => {
        const tenant = await tenantBySlug(opts.tenant);
        const app = await prisma().app.findUnique({ where: { tenantId_name: { tenantId: tenant.id, name: appName } } });
        if (!app) throw new CliError(`no app "${appName}" in tenant ${tenant.slug}: add it with \`relayscope app add ${appName}\``);
        const rows = [];
        for (const c of converted.connections) {
          const row = { connection: c.key, page: c.url ?? null, items: 0, inserted: 0, duplicates: 0, rejected: 0, joined: false };
          for (const body of c.bodies) {
            const out = await ingestGetstatsBody({ appId: app.id, tenantId: tenant.id }, body, { now: bodyTime(body) });
            if (!out.ok)
              throw new CliError(`${c.key}: the importer built a body the ingest refuses: ${out.issues[0].path}: ${out.issues[0].message}`);
            row.items += out.accepted + out.rejected.length;
            row.inserted += out.inserted;
            row.duplicates += out.duplicates;
            row.rejected += out.rejected.length;
            row.joined ||= out.joined;
          }
          rows.push(row);
        }
        if (opts.json)
          printJson({ callId: converted.callId, participantId: converted.participantId, connections: rows, warnings: converted.warnings });
        else {
          console.log(`call ${converted.callId}, participant ${converted.participantId}, app ${app.name}:`);
          printTable(rows, "the dump has no peer connections");
        }
      });
    });
}

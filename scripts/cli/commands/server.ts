import type { Command } from "commander";
import { prisma } from "../../../lib/db/prisma";
import { createServer } from "../../../lib/inventory/servers";
import { SERVER_SOFTWARE, type ServerSoftware } from "../../../lib/inventory/validate";
import { withDatabase } from "../database";
import { CliError } from "../errors";
import { operator, printJson, printTable } from "../output";
import { asCliError, collect, displayName, hostname, iceUrl, parseOption, portRange, realmRule, slug } from "../validate";
import { tenantBySlug } from "./tenant";

type AddOptions = {
  region?: string;
  provider?: string;
  software: string;
  url: string[];
  hostname: string[];
  realm: string[];
  tenant: string;
  relayPorts?: string;
};

const SOFTWARE: readonly string[] = SERVER_SOFTWARE;

export function registerServer(program: Command): void {
  const server = program.command("server").description("TURN servers relayscope collects from");
  server
    .command("add")
    .description("add a TURN server")
    .argument("<name>", "unique name, as agents will report it (e.g. turn-eu-1)")
    .option("--region <region>", "region, for grouping (e.g. eu-west)")
    .option("--provider <provider>", "hosting provider (e.g. aws, hetzner)")
    .option("--software <kind>", `server software: ${SOFTWARE.join(", ")}`, "coturn")
    .option("--url <ice-url>", "ICE server url browsers are given (repeatable)", collect, [])
    .option("--hostname <host>", "host name or IP the server is reached at (repeatable)", collect, [])
    .option("--realm <realm=tenant>", "realm → tenant rule; `*` for any realm (repeatable)", collect, [])
    .option("--tenant <slug>", "tenant for realms no rule names", "default")
    .option("--relay-ports <min-max>", "relay port range (min-port/max-port of coturn)")
    .action(async (rawName: string, opts: AddOptions) => {
      const name = parseOption(slug, rawName, "name");
      if (!SOFTWARE.includes(opts.software)) throw new CliError(`--software must be one of ${SOFTWARE.join(", ")}`);
      const urls = opts.url.map((u) => parseOption(iceUrl, u, "--url"));
      const hostnames = opts.hostname.map((h) => parseOption(hostname, h, "--hostname"));
      const rules = opts.realm.map((r) => parseOption(realmRule, r, "--realm"));
      const ports = opts.relayPorts ? parseOption(portRange, opts.relayPorts, "--relay-ports") : undefined;
      const region = opts.region ? parseOption(displayName, opts.region, "--region") : null;
      const provider = opts.provider ? parseOption(displayName, opts.provider, "--provider") : null;
      await withDatabase(async () => {
        const defaultTenant = await tenantBySlug(opts.tenant);
        const ruleTenants = await Promise.all(rules.map((r) => tenantBySlug(r.tenant)));
        const row = await asCliError(() =>
          createServer(
            {
              name,
              region,
              provider,
              software: opts.software as ServerSoftware,
              urls,
              hostnames,
              defaultTenantId: defaultTenant.id,
              realmRules: rules.map((r, i) => ({ realm: r.realm, tenantId: ruleTenants[i].id })),
              relayPorts: ports,
            },
            { actorType: "cli", actorId: operator() },
          ),
        );
        console.log(`added server ${row.name} (${row.id})`);
        console.log(
          `next: create a collector key with \`relayscope key create --kind collector --name ${row.name}-agent --server ${row.name}\``,
        );
      });
    });
  server
    .command("list")
    .description("list TURN servers")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      await withDatabase(async () => {
        const rows = await prisma().turnServer.findMany({
          orderBy: { name: "asc" },
          include: {
            defaultTenant: { select: { slug: true } },
            realmRules: { include: { tenant: { select: { slug: true } } }, orderBy: { priority: "asc" } },
          },
        });
        if (opts.json) {
          printJson(rows);
          return;
        }
        printTable(
          rows.map((s) => ({
            name: s.name,
            region: s.region,
            provider: s.provider,
            software: s.software,
            version: s.version,
            urls: s.urls.join(" ") || null,
            realms: [...s.realmRules.map((r) => `${r.realm}=${r.tenant.slug}`), `*=${s.defaultTenant.slug}`].join(" "),
          })),
          "no servers yet: add one with `relayscope server add <name> --url turn:<host>:3478`",
        );
      });
    });
}

import type { Command } from "commander";
import { prisma } from "../../../lib/db/prisma";
import { createTenant, listTenants } from "../../../lib/inventory/tenants";
import { isTimeZone } from "../../../lib/inventory/validate";
import { withDatabase } from "../database";
import { CliError } from "../errors";
import { operator, printJson, printTable } from "../output";
import { asCliError, displayName, parseOption, slug } from "../validate";

export async function tenantBySlug(value: string) {
  const tenant = await prisma().tenant.findUnique({ where: { slug: value } });
  if (!tenant) throw new CliError(`unknown tenant "${value}": create it with \`relayscope tenant add ${value}\``);
  return tenant;
}

export function registerTenant(program: Command): void {
  const tenant = program.command("tenant").description("tenants: whose servers, apps and data are whose");
  tenant
    .command("add")
    .description("add a tenant")
    .argument("<slug>", "short id: lower-case letters, digits, dashes")
    .option("--name <name>", "display name (default: the slug)")
    .option("--time-zone <zone>", "IANA time zone for billing months", "UTC")
    .action(async (rawSlug: string, opts: { name?: string; timeZone: string }) => {
      const s = parseOption(slug, rawSlug, "slug");
      const name = parseOption(displayName, opts.name ?? s, "--name");
      if (!isTimeZone(opts.timeZone)) {
        throw new CliError(`--time-zone "${opts.timeZone}" is not an IANA time zone (e.g. Europe/Berlin)`);
      }
      await withDatabase(async () => {
        const row = await asCliError(() =>
          createTenant({ slug: s, name, timeZone: opts.timeZone }, { actorType: "cli", actorId: operator() }),
        );
        console.log(`added tenant ${row.slug} (${row.id})`);
      });
    });
  tenant
    .command("list")
    .description("list tenants")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      await withDatabase(async () => {
        if (opts.json) {
          printJson(await prisma().tenant.findMany({ orderBy: { slug: "asc" } }));
          return;
        }
        printTable(
          (await listTenants()).map((t) => ({ slug: t.slug, name: t.name, time_zone: t.timeZone, id: t.id })),
          "no tenants",
        );
      });
    });
}

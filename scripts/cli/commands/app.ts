import type { Command } from "commander";
import { prisma } from "../../../lib/db/prisma";
import { createApp } from "../../../lib/inventory/apps";
import { withDatabase } from "../database";
import { operator, printJson, printTable } from "../output";
import { asCliError, collect, origin, parseOption, slug } from "../validate";
import { tenantBySlug } from "./tenant";

export function registerApp(program: Command): void {
  const app = program.command("app").description("web apps that embed the getStats SDK");
  app
    .command("add")
    .description("add an SDK app")
    .argument("<name>", "app name, unique within its tenant")
    .option("--tenant <slug>", "tenant the app's calls belong to", "default")
    .option("--origin <origin>", "origin allowed to send stats with this app's keys (repeatable)", collect, [])
    .action(async (rawName: string, opts: { tenant: string; origin: string[] }) => {
      const name = parseOption(slug, rawName, "name");
      const origins = opts.origin.map((o) => parseOption(origin, o, "--origin"));
      await withDatabase(async () => {
        const tenant = await tenantBySlug(opts.tenant);
        const row = await asCliError(() => createApp({ name, tenantId: tenant.id, origins }, { actorType: "cli", actorId: operator() }));
        console.log(`added app ${row.name} in tenant ${tenant.slug} (${row.id})`);
        if (origins.length === 0)
          console.log("note: no --origin given, so browsers cannot send stats yet; add origins before using the SDK");
        console.log(
          `next: create an app key with \`relayscope key create --kind app --name ${row.name}-web --app ${row.name} --tenant ${tenant.slug}\``,
        );
      });
    });
  app
    .command("list")
    .description("list SDK apps")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      await withDatabase(async () => {
        const rows = await prisma().app.findMany({ orderBy: { name: "asc" }, include: { tenant: { select: { slug: true } } } });
        if (opts.json) printJson(rows);
        else
          printTable(
            rows.map((a) => ({ name: a.name, tenant: a.tenant.slug, origins: a.allowedOrigins.join(" ") || null, id: a.id })),
            "no apps yet: add one with `relayscope app add <name> --origin https://app.example.com`",
          );
      });
    });
}

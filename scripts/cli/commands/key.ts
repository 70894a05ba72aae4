import type { Command } from "commander";
import { type Principal, userPrincipal } from "../../../lib/auth/principal";
import { TOKEN_ROLES } from "../../../lib/auth/roles";
import { prisma } from "../../../lib/db/prisma";
import { issueKey, revokeKeyAs } from "../../../lib/inventory/keys";
import { issueToken, type TokenRole } from "../../../lib/inventory/tokens";
import { KEY_KINDS, type KeyKind, parseDuration } from "../../../lib/keys/format";
import { listKeys } from "../../../lib/keys/store";
import { withDatabase } from "../database";
import { CliError } from "../errors";
import { operator, printJson, printTable } from "../output";
import { asCliError, displayName, parseOption } from "../validate";
import { tenantBySlug } from "./tenant";

type CreateOptions = {
  kind: string;
  name: string;
  tenant?: string;
  server?: string;
  app?: string;
  user?: string;
  role?: string;
  expiresIn?: string;
  json?: boolean;
};

/** The person a read-API token acts for, as the token checks will see them. */
async function tokenOwner(email: string): Promise<Principal> {
  const user = await prisma().user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  if (!user) throw new CliError(`no user ${email}: a read-API token acts for a person (see \`relayscope user list\`)`);
  const owner = await userPrincipal(user.id);
  if (!owner) throw new CliError(`${email.trim().toLowerCase()} is disabled`);
  return owner;
}

function kindOf(value: string): KeyKind {
  if (!(KEY_KINDS as readonly string[]).includes(value)) throw new CliError(`--kind must be one of ${KEY_KINDS.join(", ")}`);
  return value as KeyKind;
}

export function registerKey(program: Command): void {
  const key = program.command("key").description("collector keys (agents), app keys (browser SDK) and read-API tokens");
  key
    .command("create")
    .description("create a key; the secret is printed once and never stored")
    .requiredOption("--kind <kind>", `collector | app | api`)
    .requiredOption("--name <name>", "what the key is for (e.g. turn-eu-1-agent)")
    .option("--tenant <slug>", "tenant (app and api keys; default: the app's tenant, or `default`)")
    .option("--server <name>", "collector keys: limit to this server (default: any server)")
    .option("--app <name>", "app keys: the SDK app (required for --kind app)")
    .option("--user <email>", "api tokens: the person it acts for (required for --kind api)")
    .option("--role <role>", "api tokens: viewer or operator, at most the person's role", "viewer")
    .option("--expires-in <duration>", "expire after e.g. 30d, 12h, 2w (default: never)")
    .option("--json", "print JSON")
    .action(async (opts: CreateOptions) => {
      const kind = kindOf(opts.kind);
      const name = parseOption(displayName, opts.name, "--name");
      let expiresAt: Date | undefined;
      if (opts.expiresIn) {
        const ms = parseDuration(opts.expiresIn);
        if (!ms) throw new CliError(`--expires-in "${opts.expiresIn}": use a number and m, h, d or w (e.g. 90d)`);
        expiresAt = new Date(Date.now() + ms);
      }
      if (kind === "app" && !opts.app) throw new CliError("--app is required for an app key (see `relayscope app list`)");
      if (kind !== "app" && opts.app) throw new CliError("--app only applies to app keys");
      if (kind !== "collector" && opts.server) throw new CliError("--server only applies to collector keys");
      if (kind === "api" && !opts.user) throw new CliError("--user is required for a read-API token: it acts for that person");
      if (kind !== "api" && opts.user) throw new CliError("--user only applies to api tokens");
      const tokenRole = opts.role ?? "viewer";
      if (kind === "api" && !(TOKEN_ROLES as readonly string[]).includes(tokenRole))
        throw new CliError(`--role must be one of ${TOKEN_ROLES.join(", ")}`);
      await withDatabase(async () => {
        const tenant = opts.tenant ? await tenantBySlug(opts.tenant) : undefined;
        let serverId: string | undefined;
        let appId: string | undefined;
        let tenantId = tenant?.id;
        if (opts.server) {
          const server = await prisma().turnServer.findUnique({ where: { name: opts.server } });
          if (!server) throw new CliError(`unknown server "${opts.server}" (see \`relayscope server list\`)`);
          serverId = server.id;
        }
        if (opts.app) {
          const apps = await prisma().app.findMany({ where: { name: opts.app, ...(tenant ? { tenantId: tenant.id } : {}) } });
          if (apps.length === 0)
            throw new CliError(`unknown app "${opts.app}"${tenant ? ` in tenant ${tenant.slug}` : ""} (see \`relayscope app list\`)`);
          if (apps.length > 1) throw new CliError(`app "${opts.app}" exists in several tenants; add --tenant`);
          appId = apps[0].id;
          tenantId = apps[0].tenantId;
        }
        const actor = { actorType: "cli" as const, actorId: operator() };
        const created =
          kind === "api"
            ? await asCliError(async () =>
                issueToken(await tokenOwner(opts.user as string), { name, role: tokenRole as TokenRole, tenantId, expiresAt }, actor),
              )
            : await asCliError(() => issueKey({ kind, name, tenantId, serverId, appId, expiresAt }, actor));
        if (opts.json) printJson(created);
        else {
          console.log(created.key);
          console.error(`created ${kind} key ${created.prefix} ("${name}"). Store it now: the secret is not shown again.`);
        }
      });
    });
  key
    .command("list")
    .description("list keys (prefixes only; secrets are never shown again)")
    .option("--kind <kind>", "only this kind")
    .option("--json", "print JSON")
    .action(async (opts: { kind?: string; json?: boolean }) => {
      const kind = opts.kind ? kindOf(opts.kind) : undefined;
      await withDatabase(async () => {
        const rows = await listKeys(kind);
        if (opts.json) {
          printJson(rows);
          return;
        }
        const now = new Date();
        printTable(
          rows.map((k) => ({
            prefix: k.prefix,
            kind: k.kind,
            name: k.name,
            scope: k.app ? `app ${k.app.name}` : k.server ? `server ${k.server.name}` : k.tenant ? `tenant ${k.tenant.slug}` : "any server",
            status: k.revokedAt ? "revoked" : k.expiresAt && k.expiresAt <= now ? "expired" : "active",
            created: k.createdAt,
            expires: k.expiresAt,
            last_used: k.lastUsedAt,
          })),
          "no keys yet: create one with `relayscope key create --kind collector --name <agent>`",
        );
      });
    });
  key
    .command("revoke")
    .description("revoke a key at once; requests with it get 401")
    .argument("<prefix>", "the key's prefix (rs_col_…) or id")
    .action(async (prefix: string) => {
      await withDatabase(async () => {
        const row = await revokeKeyAs(prefix, {}, { actorType: "cli", actorId: operator() });
        if (!row) throw new CliError(`no key with prefix or id "${prefix}" (see \`relayscope key list\`)`);
        console.log(`revoked ${row.prefix}`);
      });
    });
}

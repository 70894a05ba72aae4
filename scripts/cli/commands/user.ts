import type { Command } from "commander";
import { isRole, ROLES, type Role } from "../../../lib/auth/roles";
import { createUser, resetPassword, UserInputError, updateUser } from "../../../lib/auth/users";
import { prisma } from "../../../lib/db/prisma";
import { listUsers } from "../../../lib/inventory/users";
import { withDatabase } from "../database";
import { CliError } from "../errors";
import { operator, printJson, printTable } from "../output";
import { collect } from "../validate";
import { tenantBySlug } from "./tenant";

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new CliError('--password-stdin reads the password from a pipe: `printf %s "$PW" | relayscope user add …`');
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

function parseRole(value: string): Role {
  if (!isRole(value)) throw new CliError(`--role "${value}" is not one of ${ROLES.join(", ")}`);
  return value;
}

async function userByEmail(email: string) {
  const user = await prisma().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) throw new CliError(`no user with email ${email}: list them with \`relayscope user list\``);
  return user;
}

async function asCliError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UserInputError) throw new CliError(err.message);
    throw err;
  }
}

export function registerUser(program: Command): void {
  const user = program.command("user").description("people who sign in to the web app: roles and tenants");
  user
    .command("add")
    .description("add a user with a one-time password (shown once; the first sign-in must change it)")
    .argument("<email>", "their email address (the sign-in name)")
    .option("--role <role>", `${ROLES.join(" | ")} (admins see every tenant)`, "viewer")
    .option("--tenant <slug>", "tenant a viewer or operator may see (repeatable)", collect, [])
    .option("--name <name>", "display name")
    .option("--password-stdin", "read their password from stdin instead of making a one-time one (provisioning scripts)")
    .action(async (email: string, opts: { role: string; tenant: string[]; name?: string; passwordStdin?: boolean }) => {
      const role = parseRole(opts.role);
      const password = opts.passwordStdin ? (await readStdin()).replace(/\r?\n$/, "") : undefined;
      if (role === "admin" && opts.tenant.length > 0) throw new CliError("admins see every tenant; drop --tenant");
      if (role !== "admin" && opts.tenant.length === 0)
        console.error("note: no --tenant given, so this user sees no data until an admin grants tenants");
      await withDatabase(async () => {
        const tenantIds = await Promise.all(opts.tenant.map(async (slug) => (await tenantBySlug(slug)).id));
        const created = await asCliError(() =>
          createUser({ email, name: opts.name, role, tenantIds, password }, { actorType: "cli", actorId: operator() }),
        );
        console.log(`added ${created.role} ${created.email}`);
        if (created.oneTimePassword) {
          console.log(`one-time password: ${created.oneTimePassword}`);
          console.log("it is shown only this once; they choose their own at first sign-in");
        }
      });
    });
  user
    .command("list")
    .description("list users")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      await withDatabase(async () => {
        const rows = await listUsers();
        const shaped = rows.map((u) => ({
          email: u.email,
          role: u.role,
          tenants: u.role === "admin" ? "(all)" : u.tenants.map((t) => t.slug).join(" ") || null,
          disabled: u.disabledAt,
          id: u.id,
        }));
        if (opts.json) printJson(shaped);
        else printTable(shaped, "no users yet: `relayscope start` creates the first admin");
      });
    });
  user
    .command("reset-password")
    .description("give a user a new one-time password (ends their sessions)")
    .argument("<email>")
    .action(async (email: string) => {
      await withDatabase(async () => {
        const u = await userByEmail(email);
        const password = await asCliError(() => resetPassword(u.id, { actorType: "cli", actorId: operator() }));
        console.log(`one-time password for ${u.email}: ${password}`);
      });
    });
  for (const [verb, disabled] of [
    ["disable", true],
    ["enable", false],
  ] as const) {
    user
      .command(verb)
      .description(disabled ? "stop a user from signing in (ends their sessions and API tokens)" : "let a disabled user sign in again")
      .argument("<email>")
      .action(async (email: string) => {
        await withDatabase(async () => {
          const u = await userByEmail(email);
          await asCliError(() => updateUser(u.id, { disabled }, { actorType: "cli", actorId: operator() }));
          console.log(`${disabled ? "disabled" : "enabled"} ${u.email}`);
        });
      });
  }
}

// Sign-ins (and failed attempts), sign-outs and password changes go to the audit log beside the
// admin actions, so an admin can see who got in, from which prefix, and who kept failing. A changed
// password also ends a one-time password's "must change" state.
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { recordAudit } from "../audit/record";
import { prisma } from "../db/prisma";
import { log } from "../log";
import { requestPrefix } from "../privacy/request-prefix";

const OIDC_CALLBACK_ROUTE = "/callback/:id";

type HookContext = { path?: string; headers?: Headers; body?: unknown };

function prefixOf(ctx: HookContext): string | null {
  return ctx.headers ? requestPrefix(ctx.headers) : null;
}

function attemptedEmail(body: unknown): string {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email.slice(0, 200).toLowerCase() : "(none)";
}

async function safely(write: Promise<void>): Promise<void> {
  // Auditing must not turn a sign-in into an error page; a failed write is logged instead.
  await write.catch((err: unknown) => log().error({ err }, "audit write failed"));
}

export const authHooks = {
  before: createAuthMiddleware(async (ctx) => {
    if (ctx.path !== "/sign-out") return;
    const current = await getSessionFromCtx(ctx).catch(() => null);
    if (!current) return;
    await safely(recordAudit({ actorType: "user", actorId: current.user.email, action: "user.sign_out", ipPrefix: prefixOf(ctx) }));
  }),
  after: createAuthMiddleware(async (ctx) => {
    const returned = ctx.context.returned;
    // The OIDC callback ends with a redirect, which better-auth throws as an APIError (302) on
    // success too; only 4xx/5xx are failures.
    const failed = returned instanceof APIError && returned.statusCode >= 400;
    // ctx.path is the route pattern; better-auth 1.7 serves OIDC callbacks at /callback/:id.
    if (ctx.path === "/sign-in/email" || ctx.path === OIDC_CALLBACK_ROUTE) {
      const user = ctx.context.newSession?.user;
      if (user && !failed) {
        await safely(recordAudit({ actorType: "user", actorId: user.email, action: "user.sign_in", ipPrefix: prefixOf(ctx) }));
      } else if (ctx.path === "/sign-in/email") {
        const status = failed ? returned.statusCode : undefined;
        await safely(
          recordAudit({
            actorType: "user",
            actorId: attemptedEmail(ctx.body),
            action: "user.sign_in_failed",
            detail: { status: status ?? null },
            ipPrefix: prefixOf(ctx),
          }),
        );
      }
    } else if (ctx.path === "/change-password" && !failed) {
      const user = ctx.context.session?.user ?? ctx.context.newSession?.user;
      if (user) {
        await prisma().user.update({ where: { id: user.id }, data: { mustChangePassword: false } });
        await safely(
          recordAudit({
            actorType: "user",
            actorId: user.email,
            action: "user.password_change",
            targetType: "user",
            targetId: user.id,
            ipPrefix: prefixOf(ctx),
          }),
        );
      }
    }
  }),
};

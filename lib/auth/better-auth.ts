// The auth library (better-auth) on our Prisma schema: email + password accounts created by admins
// or the CLI (no self sign-up), optional OIDC single sign-on, database-backed sessions in an
// HttpOnly SameSite=Lax cookie (Secure when the app is served over https), and sign-in attempts
// limited per client address in PostgreSQL so the limit holds across instances.
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { prisma } from "../db/prisma";
import { env } from "../env";
import { addressPrefix } from "../privacy/request-prefix";
import { authHooks } from "./auth-hooks";
import { oidcPlugins } from "./oidc";
import { LOOPBACK_HOSTS } from "./origin";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-rules";
import { authSecret } from "./secret";

export const SIGN_IN_PATH = "/sign-in/email";

function createAuth() {
  const e = env();
  const secure = e.RELAYSCOPE_PUBLIC_URL?.startsWith("https:") ?? false;
  return betterAuth({
    appName: "relayscope",
    basePath: "/api/auth",
    // Without a public URL: whichever loopback host the app was reached at. Another Host (a LAN
    // address, a rebinding name) falls back to localhost, whose origin such a page never has.
    baseURL: e.RELAYSCOPE_PUBLIC_URL ?? { allowedHosts: LOOPBACK_HOSTS, protocol: "http", fallback: `http://localhost:${e.PORT}` },
    secret: authSecret(),
    telemetry: { enabled: false },
    database: prismaAdapter(prisma(), { provider: "postgresql" }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      revokeSessionsOnPasswordReset: true,
    },
    user: {
      modelName: "user",
      additionalFields: {
        role: { type: "string", input: false, defaultValue: "viewer" },
        mustChangePassword: { type: "boolean", input: false, defaultValue: false },
        disabledAt: { type: "date", input: false, required: false },
      },
    },
    session: {
      modelName: "authSession",
      expiresIn: e.RELAYSCOPE_SESSION_DAYS * 86_400,
      updateAge: 86_400,
    },
    account: {
      modelName: "authAccount",
      // SSO signs in a person an admin added by their email, but only when the provider says it
      // verified that email (no trusted providers: an unverified claim must never take over an
      // account). Admin-added emails are the admin's word, not a verification mail: hence no
      // requirement that the local email be verified.
      accountLinking: { enabled: true, disableImplicitLinking: false, requireLocalEmailVerified: false },
    },
    verification: { modelName: "authVerification" },
    rateLimit: {
      enabled: true,
      storage: "database",
      modelName: "authRateLimit",
      window: 60,
      max: 300,
      customRules: {
        [SIGN_IN_PATH]: { window: 60, max: e.RELAYSCOPE_SIGNIN_ATTEMPTS_PER_MINUTE },
        "/change-password": { window: 60, max: e.RELAYSCOPE_SIGNIN_ATTEMPTS_PER_MINUTE },
        // Starting SSO guesses no password; an office behind one address must not hit
        // better-auth's default of 3 per 10 s for /sign-in/*.
        "/sign-in/social": { window: 60, max: 30 },
      },
    },
    advanced: {
      cookiePrefix: "relayscope",
      useSecureCookies: secure,
      defaultCookieAttributes: { sameSite: "lax", httpOnly: true, secure },
      // `relayscope start` puts exactly one trustworthy address there (lib/http/client-ip.ts).
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"] },
      database: { generateId: "uuid" },
    },
    databaseHooks: {
      session: {
        create: {
          // A disabled user gets no session; a session keeps only the address's prefix.
          before: async (session) => {
            const user = await prisma().user.findUnique({ where: { id: session.userId }, select: { disabledAt: true } });
            if (!user || user.disabledAt) return false;
            return { data: { ...session, ipAddress: addressPrefix(session.ipAddress) } };
          },
        },
      },
    },
    hooks: authHooks,
    plugins: oidcPlugins(),
  });
}

export type Auth = ReturnType<typeof createAuth>;

const holder = globalThis as { relayscopeAuth?: Auth };

/** The auth instance of this process, made on first use (env and database resolved by then). */
export function auth(): Auth {
  holder.relayscopeAuth ??= createAuth();
  return holder.relayscopeAuth;
}

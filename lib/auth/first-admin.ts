// On a fresh install nobody can sign in, so `relayscope start` creates the first admin with a
// one-time password, printed once (never stored in clear, never logged); the first sign-in must
// choose a new one. Several instances starting at once: the unique email lets exactly one win.

import { prisma } from "../db/prisma";
import { env } from "../env";
import { createUser } from "./users";

export type FirstAdmin = { email: string; oneTimePassword: string };

export async function ensureFirstAdmin(): Promise<FirstAdmin | undefined> {
  if ((await prisma().user.count()) > 0) return undefined;
  try {
    const created = await createUser(
      { email: env().RELAYSCOPE_ADMIN_EMAIL, name: "admin", role: "admin" },
      { actorType: "system", actorId: "relayscope start" },
    );
    return created.oneTimePassword ? { email: created.email, oneTimePassword: created.oneTimePassword } : undefined;
  } catch (err) {
    if ((err as { code?: string }).code === "P2002" || (await prisma().user.count()) > 0) return undefined;
    throw err;
  }
}

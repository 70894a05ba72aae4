// The people list of the admin page and of `relayscope user list`. Changes go through
// lib/auth/users.ts, which audits them.
import { prisma } from "../db/prisma";

export async function listUsers() {
  const db = prisma();
  const [rows, lastSessions] = await Promise.all([
    db.user.findMany({
      orderBy: { email: "asc" },
      take: 2000,
      select: {
        id: true,
        email: true,
        name: true,
        role: true,
        disabledAt: true,
        mustChangePassword: true,
        createdAt: true,
        tenants: { select: { tenant: { select: { id: true, slug: true } } } },
      },
    }),
    // Sessions are the only sign-in record kept; an expired-and-removed session forgets its time.
    db.authSession.groupBy({ by: ["userId"], _max: { createdAt: true } }),
  ]);
  const lastSignIn = new Map(lastSessions.map((s) => [s.userId, s._max.createdAt]));
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    tenants: u.tenants.map((t) => t.tenant).sort((a, b) => a.slug.localeCompare(b.slug)),
    disabled: u.disabledAt !== null,
    disabledAt: u.disabledAt?.toISOString() ?? null,
    mustChangePassword: u.mustChangePassword,
    createdAt: u.createdAt.toISOString(),
    lastSignInAt: lastSignIn.get(u.id)?.toISOString() ?? null,
  }));
}
export type UserRow = Awaited<ReturnType<typeof listUsers>>[number];

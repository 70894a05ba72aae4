// People: create (with a password, or a one-time one that must be changed at first sign-in), change
// role, grants and password, disable. Every change is audited with who made it.
import { randomBytes, randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { z } from "zod";
import { type AuditActor, recordAudit } from "../audit/record";
import { prisma } from "../db/prisma";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-rules";
import type { Role } from "./roles";

export class UserInputError extends Error {}

const emailSchema = z.email().max(320);

export function normaliseEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!emailSchema.safeParse(email).success) throw new UserInputError(`"${raw}" is not an email address`);
  return email;
}

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new UserInputError(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new UserInputError(`a password may have at most ${MAX_PASSWORD_LENGTH} characters`);
}

/** 20 characters from a 56-letter alphabet without look-alikes: about 116 bits. */
export function oneTimePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return Array.from(randomBytes(20), (b) => alphabet[b % alphabet.length]).join("");
}

export type NewUser = { email: string; name?: string; role: Role; password?: string; tenantIds?: string[] };
export type CreatedUser = { id: string; email: string; role: Role; oneTimePassword?: string };

export async function createUser(input: NewUser, actor: AuditActor): Promise<CreatedUser> {
  const email = normaliseEmail(input.email);
  if (input.password !== undefined) checkPassword(input.password);
  const oneTime = input.password === undefined ? oneTimePassword() : undefined;
  const hash = await hashPassword(input.password ?? (oneTime as string));
  const tenantIds = input.role === "admin" ? [] : [...new Set(input.tenantIds ?? [])];
  const id = randomUUID();
  const db = prisma();
  const exists = () => new UserInputError(`a user with email ${email} exists already`);
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) throw exists();
  // Two admins adding the same person at once: the unique email decides, and the loser hears why.
  await db
    .$transaction([
      db.user.create({
        data: {
          id,
          email,
          name: (input.name?.trim() || email.split("@")[0]).slice(0, 200),
          role: input.role,
          mustChangePassword: oneTime !== undefined,
          emailVerified: false,
        },
      }),
      db.authAccount.create({ data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: hash } }),
      db.userTenant.createMany({ data: tenantIds.map((tenantId) => ({ userId: id, tenantId })) }),
    ])
    .catch((err: unknown) => {
      throw (err as { code?: string }).code === "P2002" ? exists() : err;
    });
  await recordAudit({ ...actor, action: "user.create", targetType: "user", targetId: email, detail: { role: input.role, tenantIds } });
  return { id, email, role: input.role, oneTimePassword: oneTime };
}

/** Sets a new one-time password (the user must change it), ends their sessions, revokes their tokens. */
export async function resetPassword(userId: string, actor: AuditActor): Promise<string> {
  const password = oneTimePassword();
  const hash = await hashPassword(password);
  const db = prisma();
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) throw new UserInputError("no such user");
  await db.$transaction([
    db.authAccount.deleteMany({ where: { userId, providerId: "credential" } }),
    db.authAccount.create({ data: { id: randomUUID(), accountId: userId, providerId: "credential", userId, password: hash } }),
    db.user.update({ where: { id: userId }, data: { mustChangePassword: true } }),
    db.authSession.deleteMany({ where: { userId } }),
    // A reset is what an admin does to a suspected-compromised account: its tokens go too.
    db.apiKey.updateMany({ where: { userId, kind: "api", revokedAt: null }, data: { revokedAt: new Date() } }),
  ]);
  await recordAudit({ ...actor, action: "user.password_reset", targetType: "user", targetId: user.email });
  return password;
}

export type UserChange = { role?: Role; tenantIds?: string[]; disabled?: boolean; name?: string };

export async function updateUser(userId: string, change: UserChange, actor: AuditActor): Promise<void> {
  const db = prisma();
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, role: true, disabledAt: true } });
  if (!user) throw new UserInputError("no such user");
  const role = change.role ?? user.role;
  const removesAdmin = user.role === "admin" && (role !== "admin" || change.disabled === true);
  if (removesAdmin) {
    const otherAdmins = await db.user.count({ where: { role: "admin", disabledAt: null, id: { not: userId } } });
    if (otherAdmins === 0) throw new UserInputError("this is the last enabled admin; make another admin first");
  }
  const steps = [];
  steps.push(
    db.user.update({
      where: { id: userId },
      data: {
        role,
        ...(change.name !== undefined ? { name: change.name.trim().slice(0, 200) || user.email } : {}),
        ...(change.disabled === undefined ? {} : { disabledAt: change.disabled ? (user.disabledAt ?? new Date()) : null }),
      },
    }),
  );
  if (change.tenantIds !== undefined || role === "admin") {
    const tenantIds = role === "admin" ? [] : [...new Set(change.tenantIds ?? [])];
    steps.push(db.userTenant.deleteMany({ where: { userId } }));
    steps.push(db.userTenant.createMany({ data: tenantIds.map((tenantId) => ({ userId, tenantId })) }));
  }
  // Disabling ends every session at once (tokens stop working through the owner check).
  if (change.disabled) steps.push(db.authSession.deleteMany({ where: { userId } }));
  await db.$transaction(steps);
  await recordAudit({
    ...actor,
    action: "user.update",
    targetType: "user",
    targetId: user.email,
    detail: {
      ...(change.role !== undefined ? { role: change.role } : {}),
      ...(change.tenantIds !== undefined ? { tenantIds: change.tenantIds } : {}),
      ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
      ...(change.name !== undefined ? { name: change.name.trim().slice(0, 200) } : {}),
    },
  });
}

/**
 * Console users and the one-time links where they set a password: an invitation is a user without
 * a password plus a link valid for 72 hours. Issuing a new link voids the user's older ones.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { PG_UNIQUE_VIOLATION, pgErrorCode, type Executor } from "../db/client";
import { passwordLinks, type UserRole, users } from "../db/schema";
import { hashPassword } from "./passwords";
import { newToken, tokenHash } from "./tokens";

export type User = typeof users.$inferSelect;

export const PASSWORD_LINK_HOURS = 72;

/** The email already belongs to a user (of this business or another). */
export class EmailTaken extends Error {
  constructor(readonly email: string) {
    super(`The email ${email} is already used by a console user`);
    this.name = "EmailTaken";
  }
}

/** Creates the user (no password yet) and their first set-password link. */
export async function inviteUser(
  ex: Executor,
  input: { businessId: string; email: string; name: string; role: UserRole; staffId: string | null },
  now: Date,
): Promise<{ user: User; token: string }> {
  let user: User;
  try {
    [user] = (await ex.transaction((sp) => sp.insert(users).values({ ...input, email: input.email.trim(), createdAt: now }).returning())) as [User];
  } catch (error) {
    if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) throw new EmailTaken(input.email);
    throw error;
  }
  return { user, token: await issuePasswordLink(ex, user.id, now) };
}

/** A new set-password link for the user; their unused older links stop working. */
export async function issuePasswordLink(ex: Executor, userId: string, now: Date): Promise<string> {
  await ex.update(passwordLinks).set({ usedAt: now }).where(and(eq(passwordLinks.userId, userId), isNull(passwordLinks.usedAt)));
  const token = newToken();
  await ex.insert(passwordLinks).values({ userId, tokenHash: tokenHash(token), createdAt: now, expiresAt: new Date(now.getTime() + PASSWORD_LINK_HOURS * 3_600_000) });
  return token;
}

export type SetPasswordOutcome = { kind: "set"; user: User } | { kind: "unknown" } | { kind: "spent" };

/**
 * Sets the password of the link's user and spends the link. "spent": the link existed but expired,
 * was used, or was replaced by a newer one; "unknown": no such link (or a disabled user's).
 */
export async function setPasswordWithLink(ex: Executor, token: string, password: string, now: Date): Promise<SetPasswordOutcome> {
  const hash = await hashPassword(password);
  return ex.transaction(async (tx) => {
    const [link] = await tx.select().from(passwordLinks).where(eq(passwordLinks.tokenHash, tokenHash(token))).for("update");
    if (!link) return { kind: "unknown" };
    if (link.usedAt !== null || link.expiresAt <= now) return { kind: "spent" };
    await tx.update(passwordLinks).set({ usedAt: now }).where(eq(passwordLinks.id, link.id));
    const [user] = await tx
      .update(users)
      .set({ passwordHash: hash, passwordChangedAt: now })
      .where(and(eq(users.id, link.userId), isNull(users.disabledAt)))
      .returning();
    return user ? { kind: "set", user } : { kind: "unknown" };
  });
}

/** Sets a new password for a user (who proved the old one). */
export async function changePassword(ex: Executor, userId: string, password: string, now: Date): Promise<void> {
  await ex.update(users).set({ passwordHash: await hashPassword(password), passwordChangedAt: now }).where(eq(users.id, userId));
}

/** The live user with this email (case-insensitive), if any. */
export async function userByEmail(ex: Executor, email: string): Promise<User | undefined> {
  const [user] = await ex
    .select()
    .from(users)
    .where(and(eq(sql`lower(${users.email})`, email.trim().toLowerCase()), isNull(users.disabledAt)));
  return user;
}

export async function userOfBusiness(ex: Executor, businessId: string, userId: string): Promise<User | undefined> {
  const [user] = await ex.select().from(users).where(and(eq(users.id, userId), eq(users.businessId, businessId)));
  return user;
}

export async function usersOfBusiness(ex: Executor, businessId: string): Promise<User[]> {
  return ex.select().from(users).where(eq(users.businessId, businessId)).orderBy(asc(users.createdAt), asc(users.email));
}


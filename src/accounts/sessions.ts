/**
 * Console sessions, kept in PostgreSQL so any instance can serve any request. The cookie holds a
 * random 256-bit id; only its SHA-256 is stored, so a copy of the database signs no one in.
 *
 * A session ends after 12 hours without a request (idle) and, however busy, 30 days after sign-in
 * (absolute): a working day's gap does not sign the front desk out mid-shift, and a stolen cookie
 * does not live forever. Signing in, and every password change, starts a new session id.
 *
 * The CSRF token is derived from the session id (HMAC-SHA256 keyed by it), so it is bound to the
 * session, needs no storage, and changes whenever the session does.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, isNull, ne } from "drizzle-orm";
import type { Executor } from "../db/client";
import { consoleSessions, users } from "../db/schema";
import { newToken, tokenHash } from "./tokens";
import type { User } from "./users";

export const SESSION_IDLE_MS = 12 * 3_600_000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 3_600_000;
/** last_seen_at is written at most this often: a busy console does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

export interface Session {
  id: string;
  user: User;
  /** The cookie's value, as presented (never stored, never logged). */
  token: string;
}

/** Starts a session for the user: the cookie value, shown only here. */
export async function startSession(ex: Executor, userId: string, now: Date): Promise<{ id: string; token: string }> {
  const token = newToken();
  const [row] = await ex.insert(consoleSessions).values({ userId, tokenHash: tokenHash(token), createdAt: now, lastSeenAt: now }).returning({ id: consoleSessions.id });
  return { id: row!.id, token };
}

/** The live session of a presented cookie value, or undefined (unknown, ended, expired, or its user disabled). */
export async function sessionOf(ex: Executor, token: string, now: Date): Promise<Session | undefined> {
  const [row] = await ex
    .select({ session: consoleSessions, user: users })
    .from(consoleSessions)
    .innerJoin(users, eq(users.id, consoleSessions.userId))
    .where(and(eq(consoleSessions.tokenHash, tokenHash(token)), isNull(users.disabledAt)));
  if (!row) return undefined;
  const { session } = row;
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_IDLE_MS || now.getTime() - session.createdAt.getTime() >= SESSION_ABSOLUTE_MS) {
    await ex.delete(consoleSessions).where(eq(consoleSessions.id, session.id));
    return undefined;
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await ex.update(consoleSessions).set({ lastSeenAt: now }).where(eq(consoleSessions.id, session.id));
  return { id: session.id, user: row.user, token };
}

export async function endSession(ex: Executor, sessionId: string): Promise<void> {
  await ex.delete(consoleSessions).where(eq(consoleSessions.id, sessionId));
}

/** Ends every session of the user but `keep` (all of them without it). */
export async function endSessionsOf(ex: Executor, userId: string, keep?: string): Promise<void> {
  await ex.delete(consoleSessions).where(and(eq(consoleSessions.userId, userId), keep === undefined ? undefined : ne(consoleSessions.id, keep)));
}

export function csrfTokenOf(sessionToken: string): string {
  return createHmac("sha256", sessionToken).update("slotline-csrf").digest("base64url");
}

/** Whether the presented CSRF token is the session's, compared in constant time. */
export function validCsrfToken(sessionToken: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const expected = Buffer.from(csrfTokenOf(sessionToken));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

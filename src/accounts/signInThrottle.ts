/**
 * Slows down password guessing, without locking anyone out for good. Wrong passwords are counted
 * per account (the email, lowercased) and per client address (req.ip, see TRUST_PROXY):
 *
 * - 5 wrong passwords for one account within 15 minutes, or
 * - 20 from one address within 15 minutes (someone trying many accounts),
 *
 * refuse further sign-ins for that account / address (429, Retry-After) until 15 minutes after the
 * last counted failure. Refused attempts check no password and count nothing, so the delay ends.
 * The counts live in the database: every instance of the deployment shares them.
 */
import { and, count, eq, gt, lte, max, or } from "drizzle-orm";
import type { Executor } from "../db/client";
import { signInFailures } from "../db/schema";

export const WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export interface Attempt {
  email: string;
  address: string;
}

const keys = (a: Attempt) => ({ account: a.email.trim().toLowerCase(), address: a.address });

/** Milliseconds until this attempt may be tried, or 0 when it may be tried now. */
export async function retryAfterMs(ex: Executor, attempt: Attempt, now: Date): Promise<number> {
  const k = keys(attempt);
  const since = new Date(now.getTime() - WINDOW_MS);
  const rows = await ex
    .select({ kind: signInFailures.kind, n: count(), last: max(signInFailures.at) })
    .from(signInFailures)
    .where(
      and(
        gt(signInFailures.at, since),
        or(and(eq(signInFailures.kind, "account"), eq(signInFailures.key, k.account)), and(eq(signInFailures.kind, "address"), eq(signInFailures.key, k.address))),
      ),
    )
    .groupBy(signInFailures.kind);
  let wait = 0;
  for (const row of rows) {
    const limit = row.kind === "account" ? MAX_FAILURES_PER_ACCOUNT : MAX_FAILURES_PER_ADDRESS;
    if (row.n >= limit && row.last) wait = Math.max(wait, new Date(row.last).getTime() + WINDOW_MS - now.getTime());
  }
  return Math.max(0, wait);
}

/** Counts a wrong password against the account and the address; forgets failures past the window. */
export async function recordFailure(ex: Executor, attempt: Attempt, now: Date): Promise<void> {
  const k = keys(attempt);
  await ex.delete(signInFailures).where(lte(signInFailures.at, new Date(now.getTime() - WINDOW_MS)));
  await ex.insert(signInFailures).values([
    { kind: "account", key: k.account, at: now },
    { kind: "address", key: k.address, at: now },
  ]);
}

/** A right password clears the account's count (the address's stays: it may be trying others). */
export async function clearAccountFailures(ex: Executor, email: string): Promise<void> {
  await ex.delete(signInFailures).where(and(eq(signInFailures.kind, "account"), eq(signInFailures.key, email.trim().toLowerCase())));
}

import { type SQL, and, eq, ilike, like, or, sql } from "drizzle-orm";
import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js";
import type { Executor } from "../db/client";
import { customers } from "../db/schema";

export type Customer = typeof customers.$inferSelect;

/** The customer with this phone number, created on first contact. One row per phone, whatever the channel. */
export async function findOrCreateCustomer(ex: Executor, businessId: string, phone: string): Promise<Customer> {
  const [existing] = await ex
    .select()
    .from(customers)
    .where(and(eq(customers.businessId, businessId), eq(customers.phone, phone)));
  if (existing) return existing;
  const [created] = await ex
    .insert(customers)
    .values({ businessId, phone })
    .onConflictDoUpdate({ target: [customers.businessId, customers.phone], set: { phone } })
    .returning();
  return created!;
}

/**
 * The customer who just wrote, created on first contact, with the time of their message recorded
 * (WhatsApp's 24-hour window counts from it): one statement on the hot path.
 */
export async function customerWrote(ex: Executor, businessId: string, phone: string, at: Date): Promise<Customer> {
  const [row] = await ex
    .insert(customers)
    .values({ businessId, phone, lastInboundAt: at })
    .onConflictDoUpdate({ target: [customers.businessId, customers.phone], set: { lastInboundAt: at } })
    .returning();
  return row!;
}

/**
 * A phone number as someone typed it ("(555) 010-7001"), in E.164 ("+15550107001"): read in the
 * business's country unless it starts with + (libphonenumber-js). Undefined when it cannot be a
 * number there. The test is the number's possible length, not its assignment: numbering plans change
 * faster than any library's metadata, and a number that cannot be reached shows as a failed text.
 */
export function phoneToE164(typed: string, country: string | undefined): string | undefined {
  const parsed = parsePhoneNumberFromString(typed, country as CountryCode | undefined);
  return parsed?.isPossible() ? parsed.number : undefined;
}

/**
 * The customer with this phone number (created when new), with the name they gave and their email
 * when they gave one (an earlier email is kept otherwise): one statement.
 */
export async function customerWithDetails(ex: Executor, businessId: string, phone: string, details: { name: string; email?: string }): Promise<Customer> {
  const [row] = await ex
    .insert(customers)
    .values({ businessId, phone, name: details.name, email: details.email ?? null })
    .onConflictDoUpdate({
      target: [customers.businessId, customers.phone],
      set: { name: details.name, email: sql`coalesce(excluded.email, ${customers.email})` },
    })
    .returning();
  return row!;
}

/**
 * The search staff type to find a customer: their name holding `q` (any case), or — when `q` looks
 * like a phone number (digits, spaces, + ( ) - .) — their number holding its digits. LIKE's own
 * characters (% _ \) in `q` are taken literally. A condition on the customers table.
 */
export function customerMatches(q: string): SQL | undefined {
  const byName = ilike(customers.name, `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const digits = q.replace(/\D/g, "");
  return /^[\d\s+().-]+$/.test(q) && digits.length > 0 ? or(byName, like(customers.phone, `%${digits}%`)) : byName;
}

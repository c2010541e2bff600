import { and, eq } from "drizzle-orm";
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

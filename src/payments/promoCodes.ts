/** Promo codes: looked up when a customer texts one, redeemed atomically when the booking is made. */
import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { promoCodes } from "../db/schema";

export interface Promo {
  id: string;
  code: string;
  percentOff: number;
}

const usable = (businessId: string, code: string, now: Date) =>
  and(
    eq(promoCodes.businessId, businessId),
    eq(promoCodes.code, code.toUpperCase()),
    eq(promoCodes.active, true),
    or(isNull(promoCodes.expiresAt), gt(promoCodes.expiresAt, now)),
    lt(promoCodes.usedCount, promoCodes.maxUses),
  );

/** The code if it can still be used now (it is not reserved: redeem() decides). */
export async function findUsablePromo(ex: Executor, businessId: string, code: string, now: Date): Promise<Promo | undefined> {
  const [row] = await ex.select({ id: promoCodes.id, code: promoCodes.code, percentOff: promoCodes.percentOff }).from(promoCodes).where(usable(businessId, code, now));
  return row;
}

/**
 * Takes one use of the code, or nothing when none is left. One conditional UPDATE: concurrent
 * redemptions queue on the row, so a 25-use code is never used 26 times.
 */
export async function redeemPromo(ex: Executor, businessId: string, code: string, now: Date): Promise<Promo | undefined> {
  const [row] = await ex
    .update(promoCodes)
    .set({ usedCount: sql`${promoCodes.usedCount} + 1` })
    .where(usable(businessId, code, now))
    .returning({ id: promoCodes.id, code: promoCodes.code, percentOff: promoCodes.percentOff });
  return row;
}

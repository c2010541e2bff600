/** A customer's upcoming bookings, as they would be listed to them ("my bookings"). */
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { UPCOMING_STATUSES } from "../booking/lifecycle";
import { bookings } from "../db/schema";
import { packageCreditOnCancel } from "../payments/policy";
import type { OperationContext } from "./context";
import { type BookingSummary, toSummary } from "./types";

/** How many upcoming bookings are listed at most. */
const LIST_LIMIT = 10;

/**
 * The customer's bookings still to come (held, awaiting payment or approval, confirmed), soonest
 * first, each with what cancelling it now would keep and refund (cents) or do to a pass credit.
 */
export async function upcomingBookings(ctx: OperationContext, customerId: string): Promise<BookingSummary[]> {
  const rows = await ctx.tx
    .select()
    .from(bookings)
    .where(and(eq(bookings.customerId, customerId), inArray(bookings.status, [...UPCOMING_STATUSES]), gt(bookings.startAt, ctx.clock.now())))
    .orderBy(asc(bookings.startAt))
    .limit(LIST_LIMIT);
  const summaries: BookingSummary[] = [];
  for (const row of rows) {
    const terms = await ctx.payments.termsFor(ctx.tx, row);
    const packageCredit = packageCreditOnCancel(row, terms.late);
    summaries.push({
      ...toSummary(row),
      ...(terms.paidCents > 0 && { cancellation: { feeCents: terms.feeCents, refundCents: terms.refundCents, currency: row.currency } }),
      ...(packageCredit && { packageCredit }),
    });
  }
  return summaries;
}

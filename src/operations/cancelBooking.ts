/**
 * Cancelling a booking, by the customer or by staff, under the business's cancellation policy: a
 * late cancellation keeps the fee (unless waived), the rest is refunded; a pass session gives its
 * credit back in time and uses it when late; an unpaid Checkout link is closed.
 */
import { eq } from "drizzle-orm";
import type { Booking } from "../booking/bookingService";
import { NotFound } from "../booking/errors";
import { nextStatus } from "../booking/lifecycle";
import { bookings } from "../db/schema";
import { packageCreditOnCancel } from "../payments/policy";
import type { OperationContext } from "./context";

export interface CancelOutcome {
  booking: Booking;
  /** What the policy keeps and what goes back, in the booking's currency (cents). */
  feeCents: number;
  refundCents: number;
  /** A pass session: its credit went back ("returned") or was used up ("used"). */
  packageCredit?: "returned" | "used";
}

/**
 * Cancels `bookingId` with `reason` (stored as the booking's cancel reason). Locks the payment
 * before the booking, the order a payment event takes them in, so a cancellation at the moment a
 * payment arrives cannot deadlock with it. The refund the policy gives is decided here (its amount
 * fixed in a refund row) and sent to the provider once the caller's transaction committed; a
 * payment page not paid yet is closed the same way.
 */
export async function cancelBooking(ctx: OperationContext, input: { bookingId: string; reason: string; waiveFee?: boolean }): Promise<CancelOutcome> {
  return ctx.tx.transaction(async (sp) => {
    await ctx.payments.lockPaymentOf(sp, input.bookingId);
    const cancelled = await ctx.bookingService.transition(sp, input.bookingId, "cancel", ctx.actor, { cancelReason: input.reason });
    const { feeCents, refundCents, packageCredit } = await ctx.payments.refundCancellation(sp, cancelled, input.waiveFee ?? false);
    const booking = await ctx.bookingService.lockBooking(sp, input.bookingId);
    return { booking, feeCents, refundCents, ...(packageCredit && { packageCredit }) };
  });
}

export interface CancellationQuote {
  late: boolean;
  /** The last instant cancelling is free. */
  freeUntil: Date;
  /** What cancelling now would keep and give back (cents of `currency`): the very terms `cancelBooking` applies. */
  feeCents: number;
  refundCents: number;
  currency: string;
  /** A pass session: cancelling now gives its credit back ("returned") or uses it up ("used"). */
  packageCredit?: "returned" | "used";
}

/**
 * What cancelling `bookingId` now would cost, without cancelling it: the payment service's terms,
 * the ones `cancelBooking` refunds by. Throws InvalidTransition when the booking cannot be cancelled,
 * NotFound when there is no such booking.
 */
export async function cancellationQuote(ctx: OperationContext, input: { bookingId: string; waiveFee?: boolean }): Promise<CancellationQuote> {
  const [booking] = await ctx.tx.select().from(bookings).where(eq(bookings.id, input.bookingId));
  if (!booking) throw new NotFound("booking", input.bookingId);
  nextStatus(booking.id, booking.status, "cancel");
  const terms = await ctx.payments.termsFor(ctx.tx, booking, input.waiveFee ?? false);
  const packageCredit = packageCreditOnCancel(booking, terms.late, input.waiveFee ?? false);
  return { late: terms.late, freeUntil: terms.freeUntil, feeCents: terms.feeCents, refundCents: terms.refundCents, currency: booking.currency, ...(packageCredit && { packageCredit }) };
}

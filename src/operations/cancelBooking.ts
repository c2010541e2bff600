/**
 * Cancelling a booking, by the customer or by staff, under the business's cancellation policy: a
 * late cancellation keeps the fee (unless waived), the rest is refunded; a pass session gives its
 * credit back in time and uses it when late; an unpaid Checkout link is closed.
 */
import type { Booking } from "../booking/bookingService";
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
 * payment arrives cannot deadlock with it. The cancellation and the refund share a savepoint: a
 * refund the provider refuses (PaymentProviderError, thrown) leaves the booking as it was.
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

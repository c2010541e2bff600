/** Staff decide on a booking that awaits approval. */
import type { Booking } from "../booking/bookingService";
import type { OperationContext } from "./context";

/** Confirms a booking awaiting approval. Throws InvalidTransition when it is not awaiting approval. */
export function approveBooking(ctx: OperationContext, bookingId: string): Promise<Booking> {
  return ctx.bookingService.transition(ctx.tx, bookingId, "approve", ctx.actor);
}

/**
 * Declines a booking awaiting approval (cancelled, reason "rejected"); its time is free again.
 * The staff's `note` (why) is kept in the booking's history beside the machine-readable reason.
 */
export function rejectBooking(ctx: OperationContext, bookingId: string, note?: string): Promise<Booking> {
  return ctx.bookingService.transition(ctx.tx, bookingId, "reject", ctx.actor, { cancelReason: "rejected" }, note);
}

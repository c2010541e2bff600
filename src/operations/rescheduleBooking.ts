/** Moving a booking to another start, by the customer or by staff: the same rules either way. */
import type { Booking } from "../booking/bookingService";
import type { OperationContext } from "./context";

/**
 * Moves booking `bookingId` to `start` (a UTC instant) with the same staff rules as a new
 * booking (free time, notice, horizon, a plan's gaps). Returns the moved booking and where it was.
 * Throws the booking core's errors (SlotTaken, SlotUnavailable, PlanGapTooShort, InvalidTransition, NotFound).
 */
export async function rescheduleBooking(ctx: OperationContext, bookingId: string, start: Date): Promise<{ booking: Booking; previousStart: Date }> {
  const before = await ctx.bookingService.lockBooking(ctx.tx, bookingId);
  const booking = await ctx.bookingService.reschedule(ctx.tx, bookingId, start, ctx.actor);
  return { booking, previousStart: before.startAt };
}

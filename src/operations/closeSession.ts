/** Staff close a session: completed, or the customer did not come (no-show). */
import type { Booking } from "../booking/bookingService";
import type { OperationContext } from "./context";
import { type NextSessionInvite, nextSessionToInvite } from "./inviteNextSession";

/**
 * Marks a confirmed booking completed or no-show (at any time: staff close a session early or
 * late). Returns the booking and, for a sequential plan now ready for it, the next session to
 * offer. Throws InvalidTransition for a booking that is not confirmed, NotFound for an unknown id.
 */
export async function closeSession(ctx: OperationContext, bookingId: string, outcome: "complete" | "no_show"): Promise<{ booking: Booking; invite: NextSessionInvite | null }> {
  const booking = await ctx.bookingService.transition(ctx.tx, bookingId, outcome, ctx.actor);
  return { booking, invite: await nextSessionToInvite(ctx.tx, booking) };
}

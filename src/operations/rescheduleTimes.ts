/** The times staff can move a booking to on one day: what the reschedule itself would accept. */
import { eq } from "drizzle-orm";
import { NotFound } from "../booking/errors";
import { nextStatus } from "../booking/lifecycle";
import { getService } from "../booking/schedulingData";
import type { LocalDate } from "../booking/time";
import { bookings } from "../db/schema";
import type { BusinessContext } from "./context";

export interface FreeTime {
  start: Date;
  end: Date;
  /** Who would take it: the booking's own staff member when free, as the reschedule prefers. */
  staffId: string;
}

/**
 * The free starts of the booking's service on local `day` (the business's zone), its own time not
 * counting against it, inside its plan's minimum gaps and the horizon a later plan session gets, as
 * `rescheduleBooking` checks them. Throws NotFound for another business's (or no) booking,
 * InvalidTransition when the booking can no longer be moved.
 */
export async function rescheduleTimes(ctx: BusinessContext, bookingId: string, day: LocalDate): Promise<FreeTime[]> {
  const [booking] = await ctx.tx.select().from(bookings).where(eq(bookings.id, bookingId));
  if (!booking || booking.businessId !== ctx.business.id) throw new NotFound("booking", bookingId);
  nextStatus(booking.id, booking.status, "reschedule");
  const service = await getService(ctx.tx, ctx.business.id, booking.serviceId);
  const slots = await ctx.bookingService.slotsOnDay(ctx.tx, ctx.business, service, day, { ignoreBookingId: booking.id, laterPlanSession: (booking.sessionNumber ?? 1) > 1 });
  return slots.map((s) => ({
    start: s.start,
    end: s.end,
    staffId: s.staffIds.includes(booking.staffId) ? booking.staffId : s.staffIds[0]!,
  }));
}

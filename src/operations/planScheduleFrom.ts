/**
 * What the booking page shows once a visitor picks a start of an immediate plan: the whole schedule
 * that start gives, placed by the chat's own rule (previewPlan → BookingService.planSchedule), so
 * the sessions shown are the ones booking then makes.
 */
import type { Service } from "../booking/schedulingData";
import { MINUTE_MS } from "../booking/time";
import type { BusinessContext } from "./context";
import { previewPlan } from "./findTimes";

/** Each session's start (UTC instants), null for one that finds no free time; undefined when `start` itself is not free. */
export async function planScheduleFrom(ctx: BusinessContext, service: Service, start: Date): Promise<(Date | null)[] | undefined> {
  const free = await ctx.bookingService.slotsFor(ctx.tx, ctx.business, service, { from: start, to: new Date(start.getTime() + MINUTE_MS) });
  const first = free.find((s) => s.start.getTime() === start.getTime());
  if (!first) return undefined;
  const schedule = await previewPlan(ctx, { serviceId: service.id, first: { start: start.toISOString(), staffId: first.staffIds[0]! }, firstSessionNumber: 1 });
  return schedule.map((s) => (s ? new Date(s.start) : null));
}

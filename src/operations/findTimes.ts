/**
 * Finding times: what the customer asked for (a time, a day, a range, or "whenever") → the exact
 * slot when free, else the nearest free ones and why the wanted one cannot be booked. The one
 * nearest-times search every caller uses (a taken slot at confirm, a payment that came too late).
 */
import { type Slot, nearestSlots } from "../booking/availability";
import { type PlanPlace, multiSessionConfigOf } from "../booking/bookingService";
import { gapConflict } from "../booking/plans";
import { getService } from "../booking/schedulingData";
import { DAY_MS, MINUTE_MS, type LocalDate, addLocalDays, localDateOf, localMinuteOfDay, zonedInstant } from "../booking/time";
import type { BusinessContext } from "./context";
import { type FindTimesInput, type FindTimesOutput, type SlotOffer, toOffer } from "./types";

/** How many nearest times are offered for a time that is not free. */
export const NEAREST_COUNT = 3;
/** How many times of a day (or days of a range) are offered when no time was named. */
const DAY_CHOICES = 5;
/** How far ahead the next day with free times is looked for. */
const LOOKAHEAD_DAYS = 14;

/** Up to n items spread evenly over the list, so a day's choices cover morning to evening. */
export function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, i) => items[Math.round((i * (items.length - 1)) / (n - 1))]!);
}

/**
 * The free times for a request: `exact` when the named time is free; otherwise `offers` (the
 * nearest, or a spread of the day) with `refused` saying why the named time cannot be booked, or
 * `planGap` when the day is inside a plan's minimum gap.
 */
export async function findTimes(ctx: BusinessContext, input: FindTimesInput): Promise<FindTimesOutput> {
  const { business, clock } = ctx;
  const tz = business.timezone;
  const now = clock.now();
  const today = localDateOf(now, tz);
  if (input.time) {
    const minute = input.time.hour * 60 + input.time.minute;
    let day = input.date ?? today;
    // "at 3pm" alone means the next 3pm that can still be booked.
    if (!input.date && zonedInstant(day, minute, tz).getTime() <= now.getTime() + business.minNoticeMinutes * MINUTE_MS) day = addLocalDays(day, 1);
    return (await afterPlanGap(ctx, input, day, minute)) ?? aroundInstant(ctx, input, zonedInstant(day, minute, tz));
  }
  if (input.date) return (await afterPlanGap(ctx, input, input.date, null)) ?? fromDay(ctx, input, input.date, input.date);
  if (input.dateRange) return fromDay(ctx, input, input.dateRange.from, input.dateRange.to);
  return fromDay(ctx, input, today, addLocalDays(today, LOOKAHEAD_DAYS));
}

/**
 * The NEAREST_COUNT free times closest to `wanted` (a UTC instant), within a week either side and
 * never in the past; same local day first (see nearestSlots). `exclude` are ISO starts not to offer.
 */
export async function nearestFreeTimes(
  ctx: BusinessContext,
  q: { serviceId: string; wanted: Date; ignoreBookingId?: string | null; exclude?: string[]; plan?: FindTimesInput["plan"] },
): Promise<SlotOffer[]> {
  const input = whenless(q.serviceId, { ignoreBookingId: q.ignoreBookingId ?? null, exclude: q.exclude ?? [], plan: q.plan ?? null });
  const slots = await slotsAround(ctx, input, q.wanted);
  return nearestSlots(slots, q.wanted, NEAREST_COUNT, ctx.business.timezone).map(toOffer);
}

/** The whole schedule of a plan from its first session (an immediate plan's later sessions), null where none fits. */
export async function previewPlan(ctx: BusinessContext, input: { serviceId: string; first: SlotOffer; firstSessionNumber: number }): Promise<(SlotOffer | null)[]> {
  const service = await getService(ctx.tx, ctx.business.id, input.serviceId);
  const start = new Date(input.first.start);
  const first: Slot = { start, end: new Date(start.getTime() + service.durationMinutes * MINUTE_MS), staffIds: [input.first.staffId] };
  const schedule = await ctx.bookingService.planSchedule(ctx.tx, ctx.business, service, first, input.firstSessionNumber);
  return schedule.map((s) => (s ? toOffer(s) : null));
}

function whenless(serviceId: string, rest: Pick<FindTimesInput, "ignoreBookingId" | "exclude" | "plan">): FindTimesInput {
  return { serviceId, date: null, dateRange: null, time: null, timeOfDay: null, ...rest };
}

async function slotsBetween(ctx: BusinessContext, input: FindTimesInput, from: Date, to: Date): Promise<Slot[]> {
  const { tx, business } = ctx;
  const tz = business.timezone;
  const service = await getService(tx, business.id, input.serviceId);
  const slots = await ctx.bookingService.slotsFor(tx, business, service, { from, to, ignoreBookingId: input.ignoreBookingId ?? undefined, plan: planPlaceIn(input) });
  const excluded = new Set(input.exclude);
  const window = input.timeOfDay;
  // A flexible batch's times chosen so far keep the plan's minimum gap to each other as well.
  const config = multiSessionConfigOf(service);
  const chosen = config.strategy === "flexible" ? input.exclude.map((start) => ({ sessionNumber: 0, start: new Date(start) })) : [];
  return slots.filter((s) => {
    if (excluded.has(s.start.toISOString())) return false;
    if (chosen.length > 0 && gapConflict(config, chosen, 0, s.start, tz)) return false;
    if (!window) return true;
    const minute = localMinuteOfDay(s.start, tz);
    return minute >= window.startMinute && minute < window.endMinute;
  });
}

/** Free slots within a week either side of `wanted`, never before now. */
function slotsAround(ctx: BusinessContext, input: FindTimesInput, wanted: Date): Promise<Slot[]> {
  const from = new Date(Math.max(ctx.clock.now().getTime(), wanted.getTime() - 7 * DAY_MS));
  return slotsBetween(ctx, { ...input, timeOfDay: null }, from, new Date(wanted.getTime() + 7 * DAY_MS));
}

/** A specific wanted time: that slot when free, else the nearest free ones (same day first) and why. */
async function aroundInstant(ctx: BusinessContext, input: FindTimesInput, wanted: Date): Promise<FindTimesOutput> {
  const { tx, business, bookingService } = ctx;
  const slots = await slotsAround(ctx, input, wanted);
  const exact = slots.find((s) => s.start.getTime() === wanted.getTime());
  if (exact) return { exact: toOffer(exact), offers: [] };
  const service = await getService(tx, business.id, input.serviceId);
  const why = await bookingService.whyUnbookable(tx, business, service, wanted, input.ignoreBookingId ?? undefined);
  // Past the horizon, the nearest free times are the last ones that can be booked.
  const nearby = why.kind === "too_far" ? await lastBookable(ctx, input) : slots;
  return { exact: null, offers: nearestSlots(nearby, wanted, NEAREST_COUNT, business.timezone).map(toOffer), refused: { start: wanted.toISOString(), why } };
}

/** The free slots of the last week before the booking horizon closes. */
function lastBookable(ctx: BusinessContext, input: FindTimesInput): Promise<Slot[]> {
  const tz = ctx.business.timezone;
  const horizonEnd = zonedInstant(addLocalDays(localDateOf(ctx.clock.now(), tz), ctx.business.maxAdvanceDays + 1), 0, tz);
  return slotsBetween(ctx, { ...input, timeOfDay: null }, new Date(horizonEnd.getTime() - 7 * DAY_MS), horizonEnd);
}

/** A day (or range) without a time: a spread of that day's free times, else of the next day that has some. */
async function fromDay(ctx: BusinessContext, input: FindTimesInput, first: LocalDate, last: LocalDate): Promise<FindTimesOutput> {
  const tz = ctx.business.timezone;
  const inRange = await slotsBetween(ctx, input, zonedInstant(first, 0, tz), zonedInstant(addLocalDays(last, 1), 0, tz));
  if (inRange.length > 0) return { exact: null, offers: pickPerDay(inRange, tz) };
  const later = await slotsBetween(ctx, input, zonedInstant(addLocalDays(last, 1), 0, tz), zonedInstant(addLocalDays(last, 1 + LOOKAHEAD_DAYS), 0, tz));
  if (later.length === 0) return { exact: null, offers: [] };
  const firstDay = localDateOf(later[0]!.start, tz);
  return { exact: null, offers: spread(later.filter((s) => sameDay(localDateOf(s.start, tz), firstDay)), DAY_CHOICES).map(toOffer) };
}

/** One day: a spread of its times; several days: the earliest times of each, up to DAY_CHOICES. */
function pickPerDay(slots: Slot[], tz: string): SlotOffer[] {
  const days = new Map<string, Slot[]>();
  for (const s of slots) {
    const d = localDateOf(s.start, tz);
    const key = `${d.year}-${d.month}-${d.day}`;
    days.set(key, [...(days.get(key) ?? []), s]);
  }
  if (days.size === 1) return spread(slots, DAY_CHOICES).map(toOffer);
  return [...days.values()].slice(0, DAY_CHOICES).map((d) => toOffer(d[0]!));
}

/**
 * A later session of a plan asked for on a day inside the plan's minimum gap after the session
 * before it: the nearest free times from the first day allowed, with that day to tell the customer.
 */
async function afterPlanGap(ctx: BusinessContext, input: FindTimesInput, day: LocalDate, minute: number | null): Promise<FindTimesOutput | undefined> {
  const { tx, business, bookingService } = ctx;
  const tz = business.timezone;
  const place = planPlaceIn(input) ?? (input.ignoreBookingId ? await bookingService.planPlaceOf(tx, input.ignoreBookingId) : undefined);
  if (!place) return undefined;
  const service = await getService(tx, business.id, input.serviceId);
  const gap = await bookingService.planGapAt(tx, business, service, place, zonedInstant(day, minute ?? 0, tz));
  if (gap?.side !== "previous") return undefined;
  const from = zonedInstant(gap.boundary, 0, tz);
  const slots = await slotsBetween(ctx, input, from, zonedInstant(addLocalDays(gap.boundary, LOOKAHEAD_DAYS), 0, tz));
  const firstDay = slots[0] && localDateOf(slots[0].start, tz);
  const offers =
    minute !== null ? nearestSlots(slots, zonedInstant(gap.boundary, minute, tz), NEAREST_COUNT, tz) : spread(slots.filter((s) => firstDay && sameDay(localDateOf(s.start, tz), firstDay)), NEAREST_COUNT);
  const planGap = { sessionNumber: place.sessionNumber, previousSessionNumber: gap.neighbour.sessionNumber, minGapDays: gap.minGapDays, firstDay: from.toISOString() };
  return { planGap, exact: null, offers: offers.map(toOffer) };
}

function planPlaceIn(input: FindTimesInput): PlanPlace | undefined {
  return input.plan ? { planId: input.plan.id, sessionNumber: input.plan.sessionNumber } : undefined;
}

function sameDay(a: LocalDate, b: LocalDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

/**
 * The conversation machine's I/O: each invoked actor runs the booking core inside the turn's
 * transaction. The machine never sees a database; the booking core never sees a conversation.
 */
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { fromPromise } from "xstate";
import { type Slot, nearestSlots } from "../booking/availability";
import { type Booking, type BookingService, type PlanPlace, multiSessionConfigOf } from "../booking/bookingService";
import { gapConflict } from "../booking/plans";
import { BookingError, PlanGapTooShort, SlotTaken, SlotUnavailable } from "../booking/errors";
import { UPCOMING_STATUSES } from "../booking/lifecycle";
import { type Business, type Service, getService } from "../booking/schedulingData";
import { DAY_MS, MINUTE_MS, type LocalDate, addLocalDays, localDateOf, localMinuteOfDay, zonedInstant } from "../booking/time";
import type { Clock } from "../clock";
import type { Tx } from "../db/client";
import { PaymentProviderError } from "../payments/gateway";
import type { PaymentService } from "../payments/paymentService";
import { createPackage, drawCredit, packageWithCredit } from "../payments/packages";
import { passCreditOnCancel } from "../payments/policy";
import { redeemPromo } from "../payments/promoCodes";
import { discounted } from "../booking/pricing";
import { bookings } from "../db/schema";
import { type BookInput, type BookOutput, type BookingSummary, type FindTimesInput, type FindTimesOutput, type SlotOffer, TryAgainShortly } from "./types";

const NEAREST_COUNT = 3;
const DAY_CHOICES = 5;
const LOOKAHEAD_DAYS = 14;

export interface ActorDeps {
  /** The turn's transaction: everything a turn does commits or rolls back together. */
  ex: Tx;
  bookingService: BookingService;
  payments: PaymentService;
  clock: Clock;
  business: Business;
  customerId: string;
}

export function toOffer(slot: Slot): SlotOffer {
  return { start: slot.start.toISOString(), staffId: slot.staffIds[0]! };
}

export function toSummary(b: Booking): BookingSummary {
  return {
    id: b.id,
    serviceId: b.serviceId,
    start: b.startAt.toISOString(),
    staffId: b.staffId,
    status: b.status,
    sessionNumber: b.sessionNumber,
    totalSessions: b.totalSessions,
    priceCents: b.priceCents,
  };
}

/** Up to n slots spread evenly over the list, so a day's choices cover morning to evening. */
export function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, i) => items[Math.round((i * (items.length - 1)) / (n - 1))]!);
}

export function createBookingActors(deps: ActorDeps) {
  const { ex, bookingService, clock, business } = deps;
  const tz = business.timezone;

  async function slotsBetween(serviceId: string, from: Date, to: Date, input: FindTimesInput): Promise<Slot[]> {
    const service = await getService(ex, business.id, serviceId);
    const slots = await bookingService.slotsFor(ex, business, service, { from, to, ignoreBookingId: input.ignoreBookingId ?? undefined, plan: planPlaceIn(input) });
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

  /** A specific wanted time: that slot when free, else the nearest free ones (same day first). */
  async function aroundInstant(input: FindTimesInput, wanted: Date): Promise<FindTimesOutput> {
    const from = new Date(Math.max(clock.now().getTime(), wanted.getTime() - 7 * DAY_MS));
    const slots = await slotsBetween(input.serviceId, from, new Date(wanted.getTime() + 7 * DAY_MS), { ...input, timeOfDay: null });
    const exact = slots.find((s) => s.start.getTime() === wanted.getTime());
    if (exact) return { exact: toOffer(exact), offers: [] };
    const service = await getService(ex, business.id, input.serviceId);
    const why = await bookingService.whyUnbookable(ex, business, service, wanted, input.ignoreBookingId ?? undefined);
    // Past the horizon, the nearest free times are the last ones that can be booked.
    const nearby = why.kind === "too_far" ? await lastBookable(input) : slots;
    return { exact: null, offers: nearestSlots(nearby, wanted, NEAREST_COUNT, tz).map(toOffer), refused: { start: wanted.toISOString(), why } };
  }

  /** The free slots of the last week before the booking horizon closes. */
  async function lastBookable(input: FindTimesInput): Promise<Slot[]> {
    const horizonEnd = zonedInstant(addLocalDays(localDateOf(clock.now(), tz), business.maxAdvanceDays + 1), 0, tz);
    return slotsBetween(input.serviceId, new Date(horizonEnd.getTime() - 7 * DAY_MS), horizonEnd, { ...input, timeOfDay: null });
  }

  /** A day (or range) without a time: a spread of that day's free times, else of the next day that has some. */
  async function fromDay(input: FindTimesInput, first: LocalDate, last: LocalDate): Promise<FindTimesOutput> {
    const from = zonedInstant(first, 0, tz);
    const inRange = await slotsBetween(input.serviceId, from, zonedInstant(addLocalDays(last, 1), 0, tz), input);
    if (inRange.length > 0) return { exact: null, offers: pickPerDay(inRange) };
    const later = await slotsBetween(input.serviceId, zonedInstant(addLocalDays(last, 1), 0, tz), zonedInstant(addLocalDays(last, 1 + LOOKAHEAD_DAYS), 0, tz), input);
    if (later.length === 0) return { exact: null, offers: [] };
    const firstDay = localDateOf(later[0]!.start, tz);
    return { exact: null, offers: spread(later.filter((s) => sameDay(localDateOf(s.start, tz), firstDay)), DAY_CHOICES).map(toOffer) };
  }

  /** One day: a spread of its times; several days: the earliest times of each, up to DAY_CHOICES. */
  function pickPerDay(slots: Slot[]): SlotOffer[] {
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
  async function afterPlanGap(input: FindTimesInput, day: LocalDate, minute: number | null): Promise<FindTimesOutput | undefined> {
    const place = planPlaceIn(input) ?? (input.ignoreBookingId ? await bookingService.planPlaceOf(ex, input.ignoreBookingId) : undefined);
    if (!place) return undefined;
    const service = await getService(ex, business.id, input.serviceId);
    const gap = await bookingService.planGapAt(ex, business, service, place, zonedInstant(day, minute ?? 0, tz));
    if (gap?.side !== "previous") return undefined;
    const from = zonedInstant(gap.boundary, 0, tz);
    const slots = await slotsBetween(input.serviceId, from, zonedInstant(addLocalDays(gap.boundary, LOOKAHEAD_DAYS), 0, tz), input);
    const firstDay = slots[0] && localDateOf(slots[0].start, tz);
    const offers =
      minute !== null ? nearestSlots(slots, zonedInstant(gap.boundary, minute, tz), NEAREST_COUNT, tz) : spread(slots.filter((s) => firstDay && sameDay(localDateOf(s.start, tz), firstDay)), NEAREST_COUNT);
    const planGap = { sessionNumber: place.sessionNumber, previousSessionNumber: gap.neighbour.sessionNumber, minGapDays: gap.minGapDays, firstDay: from.toISOString() };
    return { planGap, exact: null, offers: offers.map(toOffer) };
  }

  async function findTimes(input: FindTimesInput): Promise<FindTimesOutput> {
    const now = clock.now();
    const today = localDateOf(now, tz);
    if (input.time) {
      const minute = input.time.hour * 60 + input.time.minute;
      let day = input.date ?? today;
      // "at 3pm" alone means the next 3pm that can still be booked.
      if (!input.date && zonedInstant(day, minute, tz).getTime() <= now.getTime() + business.minNoticeMinutes * MINUTE_MS) day = addLocalDays(day, 1);
      return (await afterPlanGap(input, day, minute)) ?? aroundInstant(input, zonedInstant(day, minute, tz));
    }
    if (input.date) return (await afterPlanGap(input, input.date, null)) ?? fromDay(input, input.date, input.date);
    if (input.dateRange) return fromDay(input, input.dateRange.from, input.dateRange.to);
    return fromDay(input, today, addLocalDays(today, LOOKAHEAD_DAYS));
  }

  async function previewPlan(input: { serviceId: string; first: SlotOffer; firstSessionNumber: number }): Promise<(SlotOffer | null)[]> {
    const service = await getService(ex, business.id, input.serviceId);
    const start = new Date(input.first.start);
    const first: Slot = { start, end: new Date(start.getTime() + service.durationMinutes * MINUTE_MS), staffIds: [input.first.staffId] };
    const schedule = await bookingService.planSchedule(ex, business, service, first, input.firstSessionNumber);
    return schedule.map((s) => (s ? toOffer(s) : null));
  }

  async function alternativesTo(serviceId: string, start: string, ignoreBookingId: string | null, exclude: string[], plan: FindTimesInput["plan"] = null): Promise<SlotOffer[]> {
    const wanted = new Date(start);
    const input: FindTimesInput = { serviceId, date: null, dateRange: null, time: null, timeOfDay: null, ignoreBookingId, exclude, plan };
    const from = new Date(Math.max(clock.now().getTime(), wanted.getTime() - 7 * DAY_MS));
    const slots = await slotsBetween(serviceId, from, new Date(wanted.getTime() + 7 * DAY_MS), input);
    return nearestSlots(slots, wanted, NEAREST_COUNT, tz).map(toOffer);
  }

  async function book(input: BookInput): Promise<BookOutput> {
    const first = input.sessions[0]!;
    try {
      if (input.mode === "reschedule") {
        const moved = await bookingService.reschedule(ex, input.target!.id, new Date(first.start));
        return { ok: true, bookings: [toSummary(moved)] };
      }
      const service = await getService(ex, business.id, input.serviceId);
      return await ex.transaction(async (sp) => {
        // The code's use is taken in the same savepoint as the booking: both happen, or neither.
        const promo = input.promoCode ? await redeemPromo(sp, business.id, input.promoCode, clock.now()) : undefined;
        if (input.promoCode && !promo) return { ok: false as const, reason: "promo_unavailable" as const, offers: [] };
        const unitCents = discounted(service.priceCents, promo?.percentOff);
        if (service.packageSessions) return bookFromPass(sp, service, input, unitCents, promo?.id);
        const byLink = service.requiresPayment && unitCents > 0 && deps.payments.byLink;
        const planId = service.totalSessions ? (input.planId ?? (await bookingService.createPlan(sp, { businessId: business.id, customerId: deps.customerId, service }))) : null;
        const created = await bookingService.book(sp, {
          businessId: business.id,
          serviceId: service.id,
          customerId: deps.customerId,
          sessions: input.sessions.map((s) => ({ start: new Date(s.start), staffId: s.staffId })),
          status: byLink ? "pending_payment" : business.requiresApproval ? "pending_approval" : "confirmed",
          paymentStatus: byLink ? "pending" : unitCents === 0 ? "none" : "at_appointment",
          priceCents: unitCents,
          promoCodeId: promo?.id,
          plan: planId && service.totalSessions ? { id: planId, firstSessionNumber: input.firstSessionNumber, totalSessions: service.totalSessions } : undefined,
        });
        if (!byLink) return { ok: true as const, bookings: created.map(toSummary) };
        // One payment for everything booked now (a whole immediate plan, or a batch of flexible sessions).
        const amountCents = unitCents * created.length;
        const description = created.length > 1 ? `${service.name} (${created.length} sessions)` : service.name;
        const link = await deps.payments.startCheckout(sp, { business, customerId: deps.customerId, bookings: created, amountCents, currency: service.currency, description });
        return {
          ok: true as const,
          bookings: created.map((b) => ({ ...toSummary(b), status: "pending_payment" })),
          payment: { url: link.url, amountCents, currency: service.currency, holdMinutes: link.holdMinutes },
        };
      });
    } catch (error) {
      if (error instanceof SlotTaken || error instanceof SlotUnavailable) {
        // Alternatives for the session that failed (a later one of a batch, maybe), never at the batch's other times.
        const failedStart = error.start.toISOString();
        const others = input.sessions.map((s) => s.start).filter((start) => start !== failedStart);
        const offers = await alternativesTo(input.serviceId, failedStart, input.target?.id ?? null, others);
        return { ok: false, reason: error instanceof SlotTaken ? "taken" : "unavailable", offers, failedStart };
      }
      if (error instanceof PlanGapTooShort) {
        const others = input.sessions.map((s) => s.start).filter((start) => start !== error.start.toISOString());
        const plan = input.planId ? { id: input.planId, sessionNumber: error.sessionNumber } : null;
        const offers = await alternativesTo(input.serviceId, (error.allowedFrom ?? error.start).toISOString(), input.target?.id ?? null, others, plan);
        return { ok: false, reason: "unavailable", offers, failedStart: error.start.toISOString(), detail: error.message };
      }
      if (error instanceof BookingError) return { ok: false, reason: "invalid", offers: [], detail: error.message };
      if (error instanceof PaymentProviderError) return { ok: false, reason: "payment_failed", offers: [], detail: error.message };
      throw error;
    }
  }

  /**
   * A pass service: a session draws a credit from the customer's pass; without one, a new pass
   * is sold (paid once, by link when payments are on) and its first credit drawn.
   */
  async function bookFromPass(sp: Tx, service: Service, input: BookInput, unitCents: number, promoCodeId: string | undefined): Promise<BookOutput> {
    const total = service.packageSessions!;
    const sessions = input.sessions.map((s) => ({ start: new Date(s.start), staffId: s.staffId }));
    const existing = await packageWithCredit(sp, deps.customerId, service.id);
    if (existing) {
      const drawn = (await drawCredit(sp, existing.id))!;
      const created = await bookingService.book(sp, {
        businessId: business.id,
        serviceId: service.id,
        customerId: deps.customerId,
        sessions,
        status: business.requiresApproval ? "pending_approval" : "confirmed",
        paymentStatus: "package",
        priceCents: 0,
        packageId: existing.id,
      });
      return { ok: true, bookings: created.map(toSummary), pass: { remaining: drawn.totalCredits - drawn.usedCredits, total: drawn.totalCredits } };
    }
    const amountCents = unitCents * total;
    const byLink = service.requiresPayment && amountCents > 0 && deps.payments.byLink;
    const pass = await createPackage(sp, { businessId: business.id, customerId: deps.customerId, serviceId: service.id, totalCredits: total, status: byLink ? "pending_payment" : "active" });
    const created = await bookingService.book(sp, {
      businessId: business.id,
      serviceId: service.id,
      customerId: deps.customerId,
      sessions,
      status: byLink ? "pending_payment" : business.requiresApproval ? "pending_approval" : "confirmed",
      paymentStatus: byLink ? "pending" : amountCents === 0 ? "none" : "at_appointment",
      priceCents: unitCents,
      packageId: pass.id,
      promoCodeId,
    });
    const passInfo = { remaining: total - 1, total };
    if (!byLink) return { ok: true, bookings: created.map(toSummary), pass: passInfo };
    const link = await deps.payments.startCheckout(sp, { business, customerId: deps.customerId, bookings: created, packageId: pass.id, amountCents, currency: service.currency, description: `${service.name} (${total}-session pass)` });
    return {
      ok: true,
      bookings: created.map((b) => ({ ...toSummary(b), status: "pending_payment" })),
      payment: { url: link.url, amountCents, currency: service.currency, holdMinutes: link.holdMinutes },
      pass: passInfo,
    };
  }

  async function listBookings(): Promise<BookingSummary[]> {
    const rows = await ex
      .select()
      .from(bookings)
      .where(and(eq(bookings.customerId, deps.customerId), inArray(bookings.status, [...UPCOMING_STATUSES]), gt(bookings.startAt, clock.now())))
      .orderBy(asc(bookings.startAt))
      .limit(10);
    const summaries: BookingSummary[] = [];
    for (const row of rows) {
      const terms = await deps.payments.termsFor(ex, row);
      const passCredit = passCreditOnCancel(row, terms.late);
      summaries.push({
        ...toSummary(row),
        ...(terms.paidCents > 0 && { cancellation: { feeCents: terms.feeCents, refundCents: terms.refundCents, currency: row.currency } }),
        ...(passCredit && { passCredit }),
      });
    }
    return summaries;
  }

  /**
   * A customer's cancellation, under the business's policy: a late one keeps the fee, the rest is
   * refunded. Cancellation and refund share a savepoint: a refund the provider refused leaves the
   * booking as it was, never cancelled with the money kept.
   */
  async function cancelBooking(input: { bookingId: string }): Promise<BookingSummary> {
    try {
      return await ex.transaction(async (sp) => {
        await deps.payments.lockPaymentOf(sp, input.bookingId);
        const cancelled = await bookingService.transition(sp, input.bookingId, "cancel", { cancelReason: "customer" });
        const { feeCents, refundCents, passCredit } = await deps.payments.refundCancellation(sp, cancelled, false);
        return {
          ...toSummary(cancelled),
          ...((feeCents > 0 || refundCents > 0) && { cancellation: { feeCents, refundCents, currency: cancelled.currency } }),
          ...(passCredit && { passCredit }),
        };
      });
    } catch (error) {
      if (error instanceof PaymentProviderError) throw new TryAgainShortly("the refund could not be started", { cause: error });
      throw error;
    }
  }

  return {
    findTimes: fromPromise<FindTimesOutput, FindTimesInput>(({ input }) => findTimes(input)),
    previewPlan: fromPromise<(SlotOffer | null)[], { serviceId: string; first: SlotOffer; firstSessionNumber: number }>(({ input }) => previewPlan(input)),
    book: fromPromise<BookOutput, BookInput>(({ input }) => book(input)),
    listBookings: fromPromise<BookingSummary[], Record<string, never>>(() => listBookings()),
    cancelBooking: fromPromise<BookingSummary, { bookingId: string }>(({ input }) => cancelBooking(input)),
  };
}

function planPlaceIn(input: FindTimesInput): PlanPlace | undefined {
  return input.plan ? { planId: input.plan.id, sessionNumber: input.plan.sessionNumber } : undefined;
}

function sameDay(a: LocalDate, b: LocalDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

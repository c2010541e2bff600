/**
 * Booking: one session, a whole immediate plan, a flexible batch, a pass session, with a promo
 * code, approval and a Checkout link as the business and service require. All or nothing: the
 * sessions, the code's use and the payment record commit together or not at all.
 */
import type { Booking, NewBookingStatus } from "../booking/bookingService";
import { BookingError, PlanGapTooShort, SlotTaken, SlotUnavailable } from "../booking/errors";
import { type Service, getService } from "../booking/schedulingData";
import { type Business } from "../booking/business";
import type { BookingPaymentStatus } from "../db/schema";
import type { Tx } from "../db/client";
import { createPackage, drawCredit, packageWithCredit } from "../payments/packages";
import { discounted } from "../booking/pricing";
import { redeemPromo } from "../payments/promoCodes";
import type { BusinessContext } from "./context";
import { nearestFreeTimes } from "./findTimes";
import { rescheduleBooking } from "./rescheduleBooking";
import { type BookInput, type BookOutput, type PaymentLink, toSummary } from "./types";

/**
 * Books `input.sessions` (ISO starts with a staff member each) for the customer, or moves
 * `input.target` when `mode` is "reschedule". A time lost meanwhile, a code run out, a plan's gap
 * or a payment provider that cannot be reached is an outcome with the nearest free times, not an error.
 */
export async function bookSessions(ctx: BusinessContext, customerId: string, input: BookInput): Promise<BookOutput> {
  const { tx, business, clock } = ctx;
  try {
    if (input.mode === "reschedule") {
      const { booking } = await rescheduleBooking(ctx, input.target!.id, new Date(input.sessions[0]!.start));
      return { ok: true, bookings: [toSummary(booking)] };
    }
    const service = await getService(tx, business.id, input.serviceId);
    return await tx.transaction(async (sp) => {
      // The code's use is taken in the same savepoint as the booking: both happen, or neither.
      const promo = input.promoCode ? await redeemPromo(sp, business.id, input.promoCode, clock.now()) : undefined;
      if (input.promoCode && !promo) return { ok: false as const, reason: "promo_unavailable" as const, offers: [] };
      const unitCents = discounted(service.priceCents, promo?.percentOff);
      const spCtx = { ...ctx, tx: sp };
      if (service.packageSessions) return bookFromPackage(spCtx, customerId, service, input, unitCents, promo?.id);
      const terms = termsOfNewBooking(ctx, business, service, unitCents * input.sessions.length);
      const planId = service.totalSessions ? (input.planId ?? (await ctx.bookingService.createPlan(sp, { businessId: business.id, customerId, service }))) : null;
      const created = await ctx.bookingService.book(sp, {
        businessId: business.id,
        serviceId: service.id,
        customerId,
        sessions: sessionsOf(input),
        ...terms,
        priceCents: unitCents,
        promoCodeId: promo?.id,
        by: ctx.actor,
        plan: planId && service.totalSessions ? { id: planId, firstSessionNumber: input.firstSessionNumber, totalSessions: service.totalSessions } : undefined,
      });
      if (terms.status !== "pending_payment") return { ok: true as const, bookings: created.map(toSummary) };
      // One payment for everything booked now (a whole immediate plan, or a batch of flexible sessions).
      const description = created.length > 1 ? `${service.name} (${created.length} sessions)` : service.name;
      const payment = await checkout(spCtx, customerId, created, unitCents * created.length, service.currency, description);
      return { ok: true as const, bookings: created.map((b) => ({ ...toSummary(b), status: "pending_payment" })), payment };
    });
  } catch (error) {
    return refusal(ctx, input, error);
  }
}

/**
 * A new booking's status and payment status: held for payment when the service is paid by link,
 * else awaiting approval when the business approves bookings, else confirmed; paid at the
 * appointment unless it costs nothing. `amountCents` is what this booking charges in all.
 */
function termsOfNewBooking(ctx: BusinessContext, business: Business, service: Service, amountCents: number): { status: NewBookingStatus; paymentStatus: BookingPaymentStatus } {
  if (service.requiresPayment && amountCents > 0 && ctx.payments.byLink) return { status: "pending_payment", paymentStatus: "pending" };
  return { status: business.requiresApproval ? "pending_approval" : "confirmed", paymentStatus: amountCents === 0 ? "none" : "at_appointment" };
}

/**
 * A pass service: a session draws a credit from the customer's pass; without one, a new pass
 * is sold (paid once, by link when payments are on) and its first credit drawn.
 */
async function bookFromPackage(ctx: BusinessContext, customerId: string, service: Service, input: BookInput, unitCents: number, promoCodeId: string | undefined): Promise<BookOutput> {
  const { tx, business, bookingService } = ctx;
  const total = service.packageSessions!;
  const existing = await packageWithCredit(tx, customerId, service.id);
  if (existing) {
    const drawn = (await drawCredit(tx, existing.id))!;
    const created = await bookingService.book(tx, {
      businessId: business.id,
      serviceId: service.id,
      customerId,
      sessions: sessionsOf(input),
      status: business.requiresApproval ? "pending_approval" : "confirmed",
      paymentStatus: "package",
      priceCents: 0,
      packageId: existing.id,
      by: ctx.actor,
    });
    return { ok: true, bookings: created.map(toSummary), pass: { remaining: drawn.totalCredits - drawn.usedCredits, total: drawn.totalCredits } };
  }
  const amountCents = unitCents * total;
  const terms = termsOfNewBooking(ctx, business, service, amountCents);
  const pass = await createPackage(tx, { businessId: business.id, customerId, serviceId: service.id, totalCredits: total, status: terms.status === "pending_payment" ? "pending_payment" : "active" });
  const created = await bookingService.book(tx, { businessId: business.id, serviceId: service.id, customerId, sessions: sessionsOf(input), ...terms, priceCents: unitCents, packageId: pass.id, promoCodeId, by: ctx.actor });
  const packageInfo = { remaining: total - 1, total };
  if (terms.status !== "pending_payment") return { ok: true, bookings: created.map(toSummary), pass: packageInfo };
  const payment = await checkout(ctx, customerId, created, amountCents, service.currency, `${service.name} (${total}-session pass)`, pass.id);
  return { ok: true, bookings: created.map((b) => ({ ...toSummary(b), status: "pending_payment" })), payment, pass: packageInfo };
}

async function checkout(ctx: BusinessContext, customerId: string, created: Booking[], amountCents: number, currency: string, description: string, packageId?: string): Promise<PaymentLink> {
  const link = await ctx.payments.startCheckout(ctx.tx, { business: ctx.business, customerId, bookings: created, packageId, amountCents, currency, description });
  return { url: link.url, amountCents, currency, holdMinutes: link.holdMinutes };
}

function sessionsOf(input: BookInput): { start: Date; staffId: string }[] {
  return input.sessions.map((s) => ({ start: new Date(s.start), staffId: s.staffId }));
}

/** The booking core's refusals as outcomes, with the nearest free times for the session that failed. */
async function refusal(ctx: BusinessContext, input: BookInput, error: unknown): Promise<BookOutput> {
  const ignoreBookingId = input.target?.id ?? null;
  const othersThan = (failed: string) => input.sessions.map((s) => s.start).filter((start) => start !== failed);
  if (error instanceof SlotTaken || error instanceof SlotUnavailable) {
    // Alternatives for the session that failed (a later one of a batch, maybe), never at the batch's other times.
    const failedStart = error.start.toISOString();
    const offers = await nearestFreeTimes(ctx, { serviceId: input.serviceId, wanted: error.start, ignoreBookingId, exclude: othersThan(failedStart) });
    return { ok: false, reason: error instanceof SlotTaken ? "taken" : "unavailable", offers, failedStart };
  }
  if (error instanceof PlanGapTooShort) {
    const failedStart = error.start.toISOString();
    const plan = input.planId ? { id: input.planId, sessionNumber: error.sessionNumber } : null;
    const offers = await nearestFreeTimes(ctx, { serviceId: input.serviceId, wanted: error.allowedFrom ?? error.start, ignoreBookingId, exclude: othersThan(failedStart), plan });
    return { ok: false, reason: "unavailable", offers, failedStart, detail: error.message };
  }
  if (error instanceof BookingError) return { ok: false, reason: "invalid", offers: [], detail: error.message };
  throw error;
}

export type { Tx };

/**
 * Booking from the booking page: the visitor's details and chosen time(s) → the same booking the
 * chat makes (bookSessions, acting as the customer: plans all or nothing, passes, promo codes,
 * approval, payment holds), the customer found or created by phone with the name and email given,
 * the notes kept on the booking, and a text confirming it with the manage link, queued in the
 * caller's transaction (delivered after it commits).
 */
import { and, count, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { type Slot, nearestSlots } from "../booking/availability";
import { recordCustomerNotes } from "../booking/bookingService";
import { businessCountry } from "../booking/country";
import { customerWithDetails, phoneToE164 } from "../booking/customers";
import { LIVE_STATUSES } from "../booking/lifecycle";
import { type Service, staffForService } from "../booking/schedulingData";
import { DAY_MS, MINUTE_MS } from "../booking/time";
import type { Tell } from "../channels/tellAfterCommit";
import { en } from "../copy";
import { bookings, customers as customersTable, sessionGroups } from "../db/schema";
import { bookSessions } from "./bookSessions";
import type { BusinessContext } from "./context";
import { NEAREST_COUNT, previewPlan } from "./findTimes";
import { bookableService } from "./publicCatalog";
import type { BookingSummary, SlotOffer } from "./types";

const isoInstant = z.string().datetime({ offset: true, message: "must be an ISO 8601 date-time with an offset, e.g. 2026-03-03T15:00:00-05:00" });
/** A form's empty field is a field not given. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

/** What the booking page sends; the API validates its body with it (400 naming each field). */
export const onlineBookingSchema = z
  .object({
    serviceId: z.string().uuid("must be the id of one of the business's services"),
    start: isoInstant,
    /** A flexible plan's batch: every session to book now (with `start`; duplicates count once). */
    starts: z.array(isoInstant).min(1, "must not be empty").max(100, "must have at most 100 times").optional(),
    name: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
    phone: z.string().trim().min(1, "must not be empty").max(40, "must be at most 40 characters"),
    email: optional(z.string().trim().max(254, "must be at most 254 characters").email("must be an email address")),
    promoCode: optional(z.string().trim().max(50, "must be at most 50 characters")),
    notes: optional(z.string().trim().max(500, "must be at most 500 characters")),
  })
  .strict();

export type OnlineBookingRequest = z.infer<typeof onlineBookingSchema>;

export interface FieldError {
  field: string;
  message: string;
}

/** How the confirmation reaches the customer: the text queued by `tell`, carrying `manageUrl(first booking's id)`. */
export interface OnlineBookingNotice {
  tell: Tell;
  manageUrl(bookingId: string): string;
}

export type OnlineBookingOutcome =
  /** `id` is the (first) booking's; `bookings` every session booked, earliest first. */
  | { kind: "booked"; id: string; customerId: string; status: string; bookings: BookingSummary[]; checkoutUrl?: string; manageUrl: string }
  | { kind: "invalid"; errors: FieldError[] }
  /** A time is not free (any more), or an immediate plan's schedule does not fit: the nearest free starts (ISO). */
  | { kind: "not_free"; reason: "taken" | "unavailable" | "plan_incomplete"; failedStart?: string; alternatives: string[] }
  /** The booking core refused for another reason (nobody offers the service…). */
  | { kind: "refused"; detail: string };

export async function bookOnline(ctx: BusinessContext, request: OnlineBookingRequest, notice: OnlineBookingNotice): Promise<OnlineBookingOutcome> {
  const { tx, business } = ctx;
  const service = await bookableService(tx, business.id, request.serviceId);
  if (!service) return { kind: "invalid", errors: [{ field: "serviceId", message: "is not a service of this business" }] };
  const times = [...new Set([request.start, ...(request.starts ?? [])].map((t) => new Date(t).getTime()))].sort((a, b) => a - b).map((t) => new Date(t));
  const flexiblePlan = service.strategy === "flexible" ? await planUnderWay(ctx, request, service) : null;
  const phone = phoneToE164(request.phone, businessCountry(business));
  const errors = detailErrors(ctx, request, phone);
  if (request.starts && !flexiblePlan) errors.push({ field: "starts", message: "books several sessions at once only for a flexible plan" });
  if (flexiblePlan && times.length > flexiblePlan.remaining) errors.push({ field: "starts", message: `must have at most ${flexiblePlan.remaining} times: the sessions left on the plan` });
  if (errors.length > 0 || !phone) return { kind: "invalid", errors };

  const customer = await customerWithDetails(tx, business.id, phone, { name: request.name, email: request.email });
  const sessions = await sessionsFor(ctx, service, times);
  if (!sessions) return { kind: "refused", detail: "Nobody offers this service yet" };
  if (sessions.includes(null)) return { kind: "not_free", reason: "plan_incomplete", alternatives: await planStartsNear(ctx, service, times[0]!) };

  const out = await bookSessions(ctx, customer.id, {
    mode: "book",
    serviceId: service.id,
    sessions: sessions as SlotOffer[],
    planId: flexiblePlan?.id ?? null,
    firstSessionNumber: (flexiblePlan?.booked ?? 0) + 1,
    target: null,
    promoCode: request.promoCode ?? null,
  });
  if (!out.ok) {
    if (out.reason === "promo_unavailable") return { kind: "invalid", errors: [{ field: "promoCode", message: "is not valid or has run out" }] };
    if (out.reason === "invalid") return { kind: "refused", detail: out.detail ?? "This booking cannot be made" };
    const alternatives = isImmediatePlan(service) ? await planStartsNear(ctx, service, new Date(out.failedStart ?? times[0]!)) : out.offers.map((o) => o.start);
    return { kind: "not_free", reason: out.reason, failedStart: out.failedStart, alternatives };
  }

  const booked = out.bookings;
  if (request.notes) await recordCustomerNotes(tx, booked.map((b) => b.id), request.notes);
  const status = booked[0]!.status;
  const manageUrl = notice.manageUrl(booked[0]!.id);
  const text = en.bookedOnline({
    businessName: business.name,
    serviceName: service.name,
    starts: booked.map((b) => b.start),
    timezone: business.timezone,
    status: status as "confirmed" | "pending_approval" | "pending_payment",
    holdMinutes: out.payment?.holdMinutes,
    manageUrl,
  });
  await notice.tell({ businessId: business.id, customerId: customer.id }, text, "sms");
  return { kind: "booked", id: booked[0]!.id, customerId: customer.id, status, bookings: booked, ...(out.payment && { checkoutUrl: out.payment.url }), manageUrl };
}

/** The details that depend on the business: a phone number of its region (or international), an email when it requires one. */
function detailErrors(ctx: BusinessContext, request: OnlineBookingRequest, phone: string | undefined): FieldError[] {
  const errors: FieldError[] = [];
  if (!phone) errors.push({ field: "phone", message: "is not a phone number we can text (include the country code, e.g. +44, for a number from abroad)" });
  if (ctx.business.requireEmail && !request.email) errors.push({ field: "email", message: "is required by this business" });
  return errors;
}

function isImmediatePlan(service: Service): boolean {
  return service.strategy === "immediate" && (service.totalSessions ?? 1) > 1;
}

/**
 * Each time with the staff member free for it; an immediate plan's first time with its whole
 * schedule (null for a session that fits nowhere). A time nobody is free for goes to the first
 * staff member who offers the service, so booking it is refused with the real reason and the nearest
 * free times. Undefined when nobody offers the service.
 */
async function sessionsFor(ctx: BusinessContext, service: Service, times: Date[]): Promise<(SlotOffer | null)[] | undefined> {
  const { tx, business, bookingService } = ctx;
  const offering = await staffForService(tx, service.id);
  if (offering.length === 0) return undefined;
  const last = times[times.length - 1]!;
  const free = await bookingService.slotsFor(tx, business, service, { from: times[0]!, to: new Date(last.getTime() + MINUTE_MS) });
  const offers = times.map((t) => {
    const slot = free.find((s) => s.start.getTime() === t.getTime());
    return { start: t.toISOString(), staffId: slot?.staffIds[0] ?? offering[0]! };
  });
  const firstIsFree = free.some((s) => s.start.getTime() === times[0]!.getTime());
  if (!isImmediatePlan(service) || !firstIsFree) return offers;
  return previewPlan(ctx, { serviceId: service.id, first: offers[0]!, firstSessionNumber: 1 });
}

/** The immediate plan's starts nearest `wanted` (within a week either side) whose whole schedule is free, ISO. */
async function planStartsNear(ctx: BusinessContext, service: Service, wanted: Date): Promise<string[]> {
  const from = new Date(Math.max(ctx.clock.now().getTime(), wanted.getTime() - 7 * DAY_MS));
  const starts: Slot[] = await ctx.bookingService.immediatePlanStarts(ctx.tx, ctx.business, service, { from, to: new Date(wanted.getTime() + 7 * DAY_MS) });
  return nearestSlots(starts, wanted, NEAREST_COUNT, ctx.business.timezone).map((s) => s.start.toISOString());
}

/**
 * The customer's flexible plan of this service still under way, continued as the chat continues it,
 * or a new one: its id (null when new), the sessions booked on it and those left.
 */
async function planUnderWay(ctx: BusinessContext, request: OnlineBookingRequest, service: Service): Promise<{ id: string | null; booked: number; remaining: number }> {
  const total = service.totalSessions ?? 1;
  const phone = phoneToE164(request.phone, businessCountry(ctx.business));
  if (!phone) return { id: null, booked: 0, remaining: total };
  const plans = await ctx.tx
    .select({ id: sessionGroups.id, totalSessions: sessionGroups.totalSessions })
    .from(sessionGroups)
    .innerJoin(customersTable, eq(customersTable.id, sessionGroups.customerId))
    .where(and(eq(sessionGroups.businessId, ctx.business.id), eq(sessionGroups.serviceId, service.id), eq(sessionGroups.status, "active"), eq(customersTable.phone, phone)));
  for (const plan of plans) {
    const [row] = await ctx.tx
      .select({ n: count() })
      .from(bookings)
      .where(and(eq(bookings.sessionGroupId, plan.id), inArray(bookings.status, [...LIVE_STATUSES])));
    const booked = row?.n ?? 0;
    if (booked < plan.totalSessions) return { id: plan.id, booked, remaining: plan.totalSessions - booked };
  }
  return { id: null, booked: 0, remaining: total };
}

/**
 * What operations take and return, as plain JSON (instants as ISO strings): the conversation
 * persists these in its context, the admin API and the web pages serialise them.
 */
import type { Unbookable } from "../booking/availability";
import type { Booking } from "../booking/bookingService";
import type { Slot } from "../booking/availability";
import type { LocalDate } from "../booking/time";

/** A wall-clock time in the business zone, 24h. */
export interface LocalTime {
  hour: number;
  minute: number;
}

/** A time that can be offered: a start and the staff member free for it. */
export interface SlotOffer {
  start: string;
  staffId: string;
}

export interface BookingSummary {
  id: string;
  serviceId: string;
  start: string;
  staffId: string;
  status: string;
  sessionNumber: number | null;
  totalSessions: number | null;
  /** What the customer pays for it (after any code); absent where not known. */
  priceCents?: number;
  /** What cancelling it now would keep and give back (listed bookings only). */
  cancellation?: { feeCents: number; refundCents: number; currency: string };
  /** A pass session: cancelling it now gives its credit back ("returned") or uses it up ("used"). */
  packageCredit?: "returned" | "used";
}

export interface FindTimesInput {
  serviceId: string;
  date: LocalDate | null;
  dateRange: { from: LocalDate; to: LocalDate } | null;
  time: LocalTime | null;
  timeOfDay: { startMinute: number; endMinute: number } | null;
  /** A booking being moved does not block its own new time. */
  ignoreBookingId: string | null;
  /** Times already chosen in this conversation (flexible plans) are not offered again. */
  exclude: string[];
  /** A later session of a plan being booked: its place, so the plan's minimum gap is kept. */
  plan?: { id: string; sessionNumber: number } | null;
}

export interface FindTimesOutput {
  /** The day asked for is inside the plan's minimum gap: the offers start from `firstDay` (ISO, its local midnight). */
  planGap?: { sessionNumber: number; previousSessionNumber: number; minGapDays: number; firstDay: string };
  exact: SlotOffer | null;
  offers: SlotOffer[];
  /** A time was asked for and is not free: the instant (ISO) and why, for the customer to hear. */
  refused?: { start: string; why: Unbookable };
}

export interface BookInput {
  mode: "book" | "reschedule" | "cancel";
  serviceId: string;
  sessions: SlotOffer[];
  planId: string | null;
  firstSessionNumber: number;
  target: BookingSummary | null;
  /** A promo code to redeem with the booking. */
  promoCode: string | null;
}

export interface PaymentLink {
  url: string;
  amountCents: number;
  currency: string;
  /** How long the slot is held, as said to the customer: the business's hold (the link may live a minute longer). */
  holdMinutes: number;
}

export type BookOutput =
  | { ok: true; bookings: BookingSummary[]; payment?: PaymentLink; pass?: { remaining: number; total: number } }
  | {
      ok: false;
      reason: "taken" | "unavailable" | "invalid" | "promo_unavailable";
      /** Free times near the session that could not be booked. */
      offers: SlotOffer[];
      /** The start that could not be booked, when one time was the reason. */
      failedStart?: string;
      detail?: string;
    };

/** A slot as offered: its start and the first staff member free for it. */
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

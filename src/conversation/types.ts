/**
 * What the conversation machine knows and receives. Everything here is JSON: the machine's
 * context is persisted in PostgreSQL after every message. Instants are ISO strings.
 */
import type { Unbookable } from "../booking/availability";
import type { MultiSessionStrategy } from "../db/schema";
import type { Command, LocalDate, LocalTime, ParsedMessage } from "./parser/types";

export interface CatalogService {
  id: string;
  name: string;
  aliases: string[];
  durationMinutes: number;
  priceCents: number;
  currency: string;
  requiresPayment: boolean;
  plan: { totalSessions: number; strategy: MultiSessionStrategy; sessionLabels: string[] | null } | null;
  /** Sold as a pass of this many sessions paid once (null: paid per booking). */
  packageSessions: number | null;
}

/** A customer's multi-session plan that still has sessions to book or attend. */
export interface ActivePlan {
  id: string;
  serviceId: string;
  strategy: MultiSessionStrategy;
  totalSessions: number;
  /** Live sessions (not cancelled or expired). */
  booked: number;
  completed: number;
  /** The next upcoming session's start, when one is booked and not yet done. */
  nextUpcoming: string | null;
}

/** The business as the conversation sees it, refreshed with every message. */
export interface Catalog {
  businessName: string;
  timezone: string;
  now: string;
  requiresApproval: boolean;
  /** Whether a paid service is paid by link (Stripe configured) or at the appointment. */
  paymentsByLink: boolean;
  services: CatalogService[];
  staffNames: Record<string, string>;
  plans: ActivePlan[];
  /** Credits left on the customer's active passes, by service. */
  passCredits: Record<string, number>;
}

/** A time the bot can offer: a start and the staff member free for it. */
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
  passCredit?: "returned" | "used";
}

/** Numbered choices the customer was just shown; their answer is matched against these. */
export type Offers =
  | { kind: "none" }
  | { kind: "services"; serviceIds: string[] }
  | { kind: "slots"; slots: SlotOffer[] }
  | { kind: "bookings"; bookings: BookingSummary[] };

export type Mode = "book" | "reschedule" | "cancel";

export interface ConversationContext {
  catalog: Catalog | null;
  mode: Mode;
  serviceId: string | null;
  /** What the customer asked for, in the business's zone. */
  date: LocalDate | null;
  dateRange: { from: LocalDate; to: LocalDate } | null;
  time: LocalTime | null;
  timeOfDay: { startMinute: number; endMinute: number } | null;
  /** The customer left the time to us ("asap"): the earliest free times are offered. */
  anyTime: boolean;
  offers: Offers;
  /** Flexible plans: how many sessions to book now, and those chosen so far. */
  count: number | null;
  chosen: SlotOffer[];
  /** The sessions stated in the yes/no summary. */
  proposal: SlotOffer[];
  /** reschedule / cancel: the booking concerned. */
  target: BookingSummary | null;
  /** A session plan being continued (sequential next session, or a flexible plan's remaining sessions). */
  planId: string | null;
  firstSessionNumber: number;
  /** A promo code the customer texted, checked usable then; redeemed when the booking is made. */
  promo: { code: string; percentOff: number } | null;
}

export type ConversationEvent =
  | { type: "CATALOG"; catalog: Catalog }
  | { type: "MESSAGE"; parsed: ParsedMessage }
  | { type: "COMMAND"; command: Extract<Command, "cancel" | "reschedule" | "my_bookings" | "start_over"> }
  /** The customer texted a promo code; percentOff null when it cannot be used. */
  | { type: "PROMO"; code: string; percentOff: number | null }
  /** Staff completed a sequential session: offer the next one. */
  | { type: "INVITE_NEXT_SESSION"; planId: string; serviceId: string; sessionNumber: number }
  /** Staff blocked the booking's time: help the customer choose another. */
  | { type: "RESCHEDULE_REQUIRED"; booking: BookingSummary };

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
  mode: Mode;
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
      reason: "taken" | "unavailable" | "invalid" | "payment_failed" | "promo_unavailable";
      /** Free times near the session that could not be booked. */
      offers: SlotOffer[];
      /** The start that could not be booked, when one time was the reason. */
      failedStart?: string;
      detail?: string;
    };

/**
 * An actor's failure that changed nothing and may well succeed in a minute (a payment provider
 * could not be reached): the customer is asked to try again rather than to call.
 */
export class TryAgainShortly extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TryAgainShortly";
  }
}

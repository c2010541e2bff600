/**
 * What the conversation machine knows and receives. Everything here is JSON: the machine's
 * context is persisted in PostgreSQL after every message. Instants are ISO strings.
 */
import type { MultiSessionStrategy } from "../db/schema";
import type { Command, LocalDate, LocalTime, ParsedMessage } from "./parser/types";
import type { BookInput, BookOutput, BookingSummary, FindTimesInput, FindTimesOutput, PaymentLink, SlotOffer } from "../operations/types";

export type { BookInput, BookOutput, BookingSummary, FindTimesInput, FindTimesOutput, PaymentLink, SlotOffer };

/**
 * The chat's booking outcome: a booking made also carries the customer's manage link (made by the
 * actor, outside the machine, which never sees the secret that signs it). Never kept in the context.
 */
export type ChatBookOutput = Exclude<BookOutput, { ok: true }> | (Extract<BookOutput, { ok: true }> & { manageUrl?: string });

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
  packageCredits: Record<string, number>;
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

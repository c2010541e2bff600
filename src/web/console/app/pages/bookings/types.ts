/** The parts of the booking pages' API answers the console reads (see the README's admin routes). */
import type { Booking } from "../../types";

/** GET /admin/bookings/:id: a booking with its refunds and the fee a late cancellation kept. */
export interface BookingDetail extends Booking {
  sessionGroupId: string | null;
  rescheduleCount: number;
  payment: Booking["payment"] & { refundedCents: number; cancellationFeeCents: number | null };
}

export type ActorKind = "customer" | "user" | "api" | "system";

/** GET /admin/bookings/:id/history items. */
export interface HistoryEvent {
  at: string;
  kind: "created" | "confirmed" | "approved" | "rejected" | "cancelled" | "completed" | "no_show" | "expired" | "revived" | "rescheduled";
  fromStatus: string | null;
  toStatus: string;
  actor: { kind: ActorKind; name: string | null; userId: string | null };
  detail: { reason?: string; note?: string; previousStart?: string; start?: string };
}

/** GET /admin/bookings/:id/emails items: oldest first; `createdAt` is UTC ISO. */
export interface BookingEmail {
  id: string;
  to: string;
  recipient: "customer" | "staff";
  /** Which notice (confirmed, reminder, staffNewBooking, …); null when the row names none. */
  kind: string | null;
  status: "queued" | "sending" | "retrying" | "sent" | "logged" | "failed" | "suppressed";
  /** The mail server's reply to a failed or retried send, e.g. "550 5.1.1 No such user". */
  errorCode: string | null;
  attempts: number;
  /** The plain-text part once written; before that a placeholder such as "(confirmed email)". */
  body: string;
  createdAt: string;
}

/** GET /admin/bookings/:id/cancellation */
export interface CancellationQuote {
  late: boolean;
  freeUntil: string;
  feeCents: number;
  refundCents: number;
  currency: string;
}

/** GET /admin/bookings/:id/free-times items. */
export interface FreeTime {
  start: string;
  end: string;
  staffId: string;
}

/** GET /admin/messages items. */
export interface ChatMessage {
  direction: "in" | "out";
  channel: string;
  body: string;
  status: string;
  createdAt: string;
}

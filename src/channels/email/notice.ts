/**
 * What an email is about, as its outbox row keeps it (messages.payload.notice): written when the
 * change happens, in its transaction; turned into words, HTML and a calendar part when it is sent
 * (renderNotice.ts), so a cancellation's email states the refund the same transaction made.
 */

/** Emails to the customer, one per kind of notice the texts give too. */
export const CUSTOMER_NOTICES = ["confirmed", "requested", "rejected", "rescheduled", "cancelled", "expired", "reminder", "feedback"] as const;
/** Emails to the business: its contact address and the staff member concerned. */
export const STAFF_NOTICES = ["staffNewBooking", "staffPendingApproval", "staffCancelled"] as const;

export type CustomerNoticeKind = (typeof CUSTOMER_NOTICES)[number];
export type StaffEmailKind = (typeof STAFF_NOTICES)[number];

/** A session as it was when the notice was written: UTC ISO instants, and its calendar SEQUENCE then. */
export interface NoticeSession {
  bookingId: string;
  start: string;
  end: string;
  sequence: number;
  /** A move's old start. */
  previousStart?: string;
}

export type EmailNotice =
  /** byBusiness: staff or the API did it; reason: why it expired; invited: a cancelled booking had been confirmed, so its calendar entry is removed. */
  | { kind: CustomerNoticeKind; sessions: NoticeSession[]; byBusiness?: boolean; reason?: string; invited?: boolean }
  | { kind: StaffEmailKind; sessions: NoticeSession[]; by: string }
  | { kind: "agenda"; staffId: string; day: string }
  /** A notification for staff (a customer running late, a question the bot could not answer), in its words. */
  | { kind: "staffNotice"; text: string };

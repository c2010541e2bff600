/**
 * The emails' catalog: the same words as the texts where a text says the same thing, laid out as
 * an email (a subject, a heading, paragraphs, the booking's details, one action), per language.
 * Copy returns words only; channels/email/ turns them into the plain-text and HTML parts.
 */
import type { LocalDate } from "../booking/time";
import type { Money } from "./format";

/** One email's words. The HTML and plain-text parts are both made from it. */
export interface EmailContent {
  subject: string;
  heading: string;
  paragraphs: string[];
  /** The booking at a glance: "When" → "Tue 3 Mar, 10:00", … */
  details: { label: string; value: string }[];
  /** The one button (and link in the text part). */
  action?: { label: string; url: string };
  /** Further links, each on its own line: "Reject: https://…". */
  links?: { label: string; url: string }[];
  /** Small print: why they get it, how to stop the non-essential ones. */
  footer: string[];
}

export interface EmailSessionView {
  /** UTC ISO instant. */
  start: string;
  staffName: string;
  sessionNumber: number | null;
  totalSessions: number | null;
}

/** A booking as its emails describe it; every instant shown on the business's wall clock. */
export interface EmailBookingView {
  businessName: string;
  serviceName: string;
  timezone: string;
  address: string | null;
  sessions: EmailSessionView[];
  customerName: string | null;
  manageUrl: string;
}

/** Who booked, as staff are told. */
export interface EmailCustomerView {
  name: string | null;
  phone: string;
  email: string | null;
  notes: string | null;
}

export interface AgendaItem {
  start: string;
  end: string;
  serviceName: string;
  customerName: string | null;
  customerPhone: string;
  status: string;
}

export interface EmailMessages {
  confirmed(b: EmailBookingView, paid: Money | null): EmailContent;
  requested(b: EmailBookingView): EmailContent;
  rejected(b: EmailBookingView): EmailContent;
  rescheduled(b: EmailBookingView, previousStart: string): EmailContent;
  /** refund: what goes back to the customer (null: nothing was paid); byBusiness: staff cancelled it. */
  cancelled(b: EmailBookingView, refund: Money | null, byBusiness: boolean): EmailContent;
  expired(b: EmailBookingView, reason: "hold_expired" | "approval_expired"): EmailContent;
  reminder(b: EmailBookingView): EmailContent;
  /** Not about a booking's terms, so it carries an unsubscribe link. */
  feedback(b: EmailBookingView, unsubscribeUrl: string): EmailContent;
  staffNewBooking(b: EmailBookingView, customer: EmailCustomerView, bookingUrl: string): EmailContent;
  staffPendingApproval(b: EmailBookingView, customer: EmailCustomerView, links: { approve: string; reject: string }): EmailContent;
  staffCancelled(b: EmailBookingView, customer: EmailCustomerView, bookingUrl: string, by: string): EmailContent;
  agenda(a: { businessName: string; staffName: string; day: LocalDate; timezone: string; items: AgendaItem[]; consoleUrl: string }): EmailContent;
  /** A notification for staff (a customer running late, a question the bot could not answer). */
  staffNotice(businessName: string, text: string, consoleUrl: string): EmailContent;
  /** The pages a one-click unsubscribe link opens. */
  unsubscribePage(state: "confirm" | "done" | "invalid", businessName: string): { title: string; text: string; button?: string };
}

/**
 * An email outbox row put into words when it is sent: the business, the booking and its people as
 * they are now, the times as the notice recorded them, and for a cancellation the refund its
 * transaction made. Returns the email, or undefined when what it was about is gone (a customer
 * erased, a booking deleted) and there is nothing left to say.
 */
import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import { DateTime } from "luxon";
import type { ManageLinks } from "../../accounts/manageLinks";
import type { Booking } from "../../booking/bookingService";
import { LIVE_STATUSES } from "../../booking/lifecycle";
import type { Executor } from "../../db/client";
import { bookings, businesses, customers, messages, services, staff } from "../../db/schema";
import { type EmailBookingView, type EmailContent, type EmailCustomerView, type Money, en } from "../../copy";
import { bookingInvite } from "./bookingInvite";
import { html, plainText } from "./layout";
import type { CalendarPart, OutgoingEmail } from "./mailer";
import type { EmailNotice, NoticeSession } from "./notice";

type MessageRow = typeof messages.$inferSelect;
type Business = typeof businesses.$inferSelect;

export interface RenderDeps {
  manageLinks: ManageLinks;
  publicBaseUrl: string;
  /** EMAIL_FROM: its address sends every business's mail; the business's name is the display name. */
  from: string;
  now: Date;
}

export async function renderNotice(db: Executor, row: MessageRow, deps: RenderDeps): Promise<OutgoingEmail | undefined> {
  const notice = (row.payload as { notice?: EmailNotice } | null)?.notice;
  if (!notice) return undefined;
  const [business] = await db.select().from(businesses).where(eq(businesses.id, row.businessId));
  if (!business) return undefined;
  await deps.manageLinks.ready();
  const content =
    notice.kind === "agenda"
      ? await agendaContent(db, business, notice, deps)
      : notice.kind === "staffNotice"
        ? { mail: en.email.staffNotice(business.name, notice.text, `${deps.publicBaseUrl}/console/today`) }
        : await bookingContent(db, business, row, notice, deps);
  if (!content) return undefined;
  return {
    from: { name: business.name, address: mailboxAddress(deps.from) },
    to: row.address,
    ...(business.contactEmail && row.recipient === "customer" && { replyTo: business.contactEmail }),
    subject: content.mail.subject,
    text: plainText(content.mail),
    html: html(content.mail),
    messageId: `<${row.id}@${domainOf(deps.from)}>`,
    ...(content.calendar && { calendar: content.calendar }),
    ...(content.unsubscribeUrl && { unsubscribeUrl: content.unsubscribeUrl }),
  };
}

interface Rendered {
  mail: EmailContent;
  calendar?: CalendarPart;
  unsubscribeUrl?: string;
}

async function bookingContent(db: Executor, business: Business, row: MessageRow, notice: Exclude<EmailNotice, { kind: "agenda" } | { kind: "staffNotice" }>, deps: RenderDeps): Promise<Rendered | undefined> {
  const ids = notice.sessions.map((s) => s.bookingId);
  const rows = await db
    .select({ booking: bookings, serviceName: services.name, staffName: staff.name, customer: customers })
    .from(bookings)
    .innerJoin(services, eq(services.id, bookings.serviceId))
    .innerJoin(staff, eq(staff.id, bookings.staffId))
    .innerJoin(customers, eq(customers.id, bookings.customerId))
    .where(and(eq(bookings.businessId, business.id), inArray(bookings.id, ids)));
  const first = rows[0];
  if (!first) return undefined;
  const sessions = notice.sessions.filter((s) => rows.some((r) => r.booking.id === s.bookingId)).sort((a, b) => a.start.localeCompare(b.start));
  const bookingOf = (s: NoticeSession) => rows.find((r) => r.booking.id === s.bookingId)!;
  const view: EmailBookingView = {
    businessName: business.name,
    serviceName: first.serviceName,
    timezone: business.timezone,
    address: business.address,
    sessions: sessions.map((s) => ({ start: s.start, staffName: bookingOf(s).staffName, sessionNumber: bookingOf(s).booking.sessionNumber, totalSessions: bookingOf(s).booking.totalSessions })),
    customerName: first.customer.name,
    manageUrl: deps.manageLinks.url(sessions[0]!.bookingId),
  };
  const customer: EmailCustomerView = { name: first.customer.name, phone: first.customer.phone, email: first.customer.email, notes: first.booking.customerNotes };
  const bookingUrl = `${deps.publicBaseUrl}/console/bookings/${first.booking.id}`;
  const invite = (method: "REQUEST" | "CANCEL"): CalendarPart => ({
    method,
    content: bookingInvite({
      method,
      sessions: sessions.map((s) => ({ bookingId: s.bookingId, start: new Date(s.start), end: new Date(s.end), sequence: s.sequence })),
      summary: `${first.serviceName} · ${business.name}`,
      location: business.address,
      description: `See, move or cancel your booking: ${view.manageUrl}`,
      url: view.manageUrl,
      organizer: { name: business.name, email: business.contactEmail ?? mailboxAddress(deps.from) },
      attendee: { name: first.customer.name, email: row.address },
      host: new URL(deps.publicBaseUrl).host,
      now: deps.now,
    }),
  });
  const booked = rows.map((r) => r.booking);
  switch (notice.kind) {
    case "confirmed":
      return { mail: en.email.confirmed(view, paidFor(booked)), calendar: invite("REQUEST") };
    case "requested":
      return { mail: en.email.requested(view) };
    case "rejected":
      return { mail: en.email.rejected(view) };
    case "rescheduled":
      return { mail: en.email.rescheduled(view, sessions[0]!.previousStart ?? sessions[0]!.start), calendar: invite("REQUEST") };
    case "cancelled":
      // Only an entry the customer was sent has something to remove from their calendar.
      return { mail: en.email.cancelled(view, refundOf(booked), notice.byBusiness ?? false), ...(notice.invited && { calendar: invite("CANCEL") }) };
    case "expired":
      return { mail: en.email.expired(view, notice.reason === "approval_expired" ? "approval_expired" : "hold_expired") };
    case "reminder":
      return { mail: en.email.reminder(view) };
    case "feedback": {
      const unsubscribeUrl = deps.manageLinks.unsubscribeUrl(first.customer.id);
      return { mail: en.email.feedback(view, unsubscribeUrl), unsubscribeUrl };
    }
    case "staffNewBooking":
      return { mail: en.email.staffNewBooking(view, customer, bookingUrl) };
    case "staffPendingApproval":
      return { mail: en.email.staffPendingApproval(view, customer, { approve: `${bookingUrl}#approve`, reject: `${bookingUrl}#reject` }) };
    case "staffCancelled":
      return { mail: en.email.staffCancelled(view, customer, bookingUrl, notice.by) };
  }
}

async function agendaContent(db: Executor, business: Business, notice: { staffId: string; day: string }, deps: RenderDeps): Promise<Rendered | undefined> {
  const [member] = await db.select().from(staff).where(and(eq(staff.id, notice.staffId), eq(staff.businessId, business.id)));
  if (!member) return undefined;
  const dayStart = DateTime.fromISO(notice.day, { zone: business.timezone }).startOf("day");
  const items = await db
    .select({ booking: bookings, serviceName: services.name, customerName: customers.name, customerPhone: customers.phone })
    .from(bookings)
    .innerJoin(services, eq(services.id, bookings.serviceId))
    .innerJoin(customers, eq(customers.id, bookings.customerId))
    .where(
      and(
        eq(bookings.staffId, member.id),
        gte(bookings.startAt, dayStart.toJSDate()),
        lt(bookings.startAt, dayStart.plus({ days: 1 }).toJSDate()),
        inArray(bookings.status, LIVE_STATUSES),
      ),
    )
    .orderBy(asc(bookings.startAt));
  const mail = en.email.agenda({
    businessName: business.name,
    staffName: member.name,
    day: { year: dayStart.year, month: dayStart.month, day: dayStart.day },
    timezone: business.timezone,
    items: items.map((i) => ({ start: i.booking.startAt.toISOString(), end: i.booking.endAt.toISOString(), serviceName: i.serviceName, customerName: i.customerName, customerPhone: i.customerPhone, status: i.booking.status })),
    consoleUrl: `${deps.publicBaseUrl}/console/today`,
  });
  return { mail };
}

/** What the customer paid for these sessions, when they paid by link. */
function paidFor(booked: Booking[]): Money | null {
  const paid = booked.filter((b) => b.paymentStatus === "paid");
  if (paid.length === 0) return null;
  return { cents: paid.reduce((sum, b) => sum + b.priceCents, 0), currency: paid[0]!.currency };
}

/** What the cancellation gave back: the session's price less the fee it kept (refunds are recorded on the booking in its transaction). */
function refundOf(booked: Booking[]): Money | null {
  const refunded = booked.filter((b) => b.paymentStatus === "refunded" || b.paymentStatus === "partially_refunded");
  if (refunded.length === 0) return null;
  return { cents: refunded.reduce((sum, b) => sum + b.priceCents - (b.cancellationFeeCents ?? 0), 0), currency: refunded[0]!.currency };
}

/** "Bookings <bookings@example.com>" → "bookings@example.com". */
function mailboxAddress(mailbox: string): string {
  return /<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox.trim();
}

function domainOf(mailbox: string): string {
  return mailboxAddress(mailbox).split("@")[1] ?? "localhost";
}

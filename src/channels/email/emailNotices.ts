/**
 * Queues the emails a booking's changes call for, in the transaction that makes the change: the
 * customer's (when they gave an email) and the business's (its contact address and the staff
 * member's). Like texts, they go through the outbox (channel "email"); each row keeps what it is
 * about (notice.ts) and is put into words when sent.
 *
 * Each row has an idempotency key, so a notice is queued once however many runners or retries
 * reach it; the sessions of one payment or one plan confirmed together share one email (a second
 * change in the same transaction adds its session to the row still queued).
 */
import { and, eq, gt, gte, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { LIVE_STATUSES } from "../../booking/lifecycle";
import type { Booking, BookingChange } from "../../booking/bookingService";
import type { Clock } from "../../clock";
import type { Executor } from "../../db/client";
import { bookings, businesses, customers, messages, staff } from "../../db/schema";
import { staffNoticeOf } from "../../operations/staffNotices";
import { noteQueued } from "../../afterCommit";
import type { CustomerNoticeKind, EmailNotice, NoticeSession, StaffEmailKind } from "./notice";

export interface EmailNoticesDeps {
  clock: Clock;
  /** Who will carry the emails (smtp, log): recorded on each row like a text's provider. */
  provider: string;
}

/** The addresses one booking's notices go to. */
interface Recipients {
  customerId: string;
  customerEmail: string | null;
  customerUnsubscribed: boolean;
  staffEmails: string[];
}

interface QueuedEmail {
  businessId: string;
  recipient: "customer" | "staff";
  customerId: string | null;
  address: string;
  bookingId: string | null;
  notice: EmailNotice;
  idempotencyKey: string;
  suppressed?: boolean;
}

export class EmailNotices {
  constructor(private readonly deps: EmailNoticesDeps) {}

  /** The booking core's hook: the emails these changes call for. Returns how many rows were queued. */
  async bookingsChanged(ex: Executor, changes: BookingChange[]): Promise<number> {
    const groups = new Map<string, { kind: CustomerNoticeKind | StaffEmailKind; changes: BookingChange[] }>();
    for (const change of changes) {
      for (const kind of noticesFor(change)) {
        const key = `${kind}:${groupOf(kind, change.booking)}`;
        const group = groups.get(key) ?? { kind, changes: [] };
        group.changes.push(change);
        groups.set(key, group);
      }
    }
    if (groups.size === 0) return 0;
    const recipients = await recipientsOf(ex, [...new Set(changes.map((c) => c.booking.id))]);
    const emails: QueuedEmail[] = [];
    for (const [key, { kind, changes: grouped }] of groups) {
      const first = grouped[0]!;
      const to = recipients.get(first.booking.id);
      if (!to) continue;
      const sessions = grouped.map((c) => sessionOf(c.booking, kind, c.detail));
      const base = { businessId: first.booking.businessId, customerId: to.customerId, bookingId: first.booking.id };
      if (isStaffNotice(kind)) {
        for (const address of to.staffEmails) {
          emails.push({ ...base, recipient: "staff", customerId: null, address, notice: { kind, sessions, by: actorName(first) }, idempotencyKey: `${key}:${address}` });
        }
      } else if (to.customerEmail) {
        const byBusiness = first.by.kind === "user" || first.by.kind === "api";
        emails.push({ ...base, recipient: "customer", address: to.customerEmail, notice: { kind, sessions, byBusiness, invited: first.fromStatus === "confirmed", ...(first.booking.cancelReason && { reason: first.booking.cancelReason }) }, idempotencyKey: key });
      }
    }
    return this.queue(ex, emails, { addSessions: true });
  }

  /** The reminder `offsetMinutes` before a booking (the job has claimed it once). */
  async reminder(ex: Executor, booking: Booking, offsetMinutes: number): Promise<number> {
    return this.aboutOne(ex, booking, "reminder", `reminder:${booking.id}:${offsetMinutes}`);
  }

  /** The request for feedback after a completed session: not about a booking's terms, so an unsubscribed customer does not get it. */
  async feedback(ex: Executor, booking: Booking): Promise<number> {
    return this.aboutOne(ex, booking, "feedback", `feedback:${booking.id}`);
  }

  /**
   * A customer just gave their email (by text): their upcoming confirmed bookings' confirmations,
   * which could not be sent before. One per booking (or per payment), never twice.
   */
  async emailGiven(ex: Executor, businessId: string, customerId: string): Promise<number> {
    const upcoming = await ex
      .select()
      .from(bookings)
      .where(and(eq(bookings.businessId, businessId), eq(bookings.customerId, customerId), eq(bookings.status, "confirmed"), gt(bookings.startAt, this.deps.clock.now())))
      .orderBy(bookings.startAt);
    const recipients = await recipientsOf(ex, upcoming.map((b) => b.id));
    const groups = new Map<string, Booking[]>();
    for (const booking of upcoming) {
      const group = groupOf("confirmed", booking);
      groups.set(group, [...(groups.get(group) ?? []), booking]);
    }
    const emails: QueuedEmail[] = [];
    for (const [group, grouped] of groups) {
      const to = recipients.get(grouped[0]!.id);
      if (!to?.customerEmail) continue;
      const sessions = grouped.map((b) => sessionOf(b, "confirmed"));
      emails.push({ businessId, recipient: "customer", customerId, address: to.customerEmail, bookingId: grouped[0]!.id, notice: { kind: "confirmed", sessions }, idempotencyKey: `confirmed:${group}` });
    }
    return this.queue(ex, emails, { addSessions: false });
  }

  /**
   * The agenda for `day` (YYYY-MM-DD, business time) of each active staff member with an email and
   * something booked that day (an empty day sends nothing), once per member and day.
   */
  async agendas(ex: Executor, businessId: string, day: string, timezone: string): Promise<number> {
    const start = DateTime.fromISO(day, { zone: timezone }).startOf("day");
    const members = await ex
      .selectDistinct({ id: staff.id, email: staff.email })
      .from(staff)
      .innerJoin(bookings, eq(bookings.staffId, staff.id))
      .where(
        and(
          eq(staff.businessId, businessId),
          eq(staff.active, true),
          isNotNull(staff.email),
          inArray(bookings.status, LIVE_STATUSES),
          gte(bookings.startAt, start.toJSDate()),
          lt(bookings.startAt, start.plus({ days: 1 }).toJSDate()),
        ),
      );
    const emails: QueuedEmail[] = members.map((m) => ({
      businessId,
      recipient: "staff",
      customerId: null,
      address: m.email!,
      bookingId: null,
      notice: { kind: "agenda", staffId: m.id, day },
      idempotencyKey: `agenda:${m.id}:${day}`,
    }));
    return this.queue(ex, emails, { addSessions: false });
  }

  /** A notification for staff, to the business's contact address and the staff member of the booking it concerns. */
  async staffNotice(ex: Executor, notice: { businessId: string; noticeId: string; bookingId: string | null; text: string }): Promise<number> {
    const addresses = notice.bookingId
      ? ((await recipientsOf(ex, [notice.bookingId])).get(notice.bookingId)?.staffEmails ?? [])
      : distinctAddresses((await ex.select({ contactEmail: businesses.contactEmail }).from(businesses).where(eq(businesses.id, notice.businessId))).map((b) => b.contactEmail));
    const emails: QueuedEmail[] = addresses.map((address) => ({
      businessId: notice.businessId,
      recipient: "staff",
      customerId: null,
      address,
      bookingId: notice.bookingId,
      notice: { kind: "staffNotice", text: notice.text },
      idempotencyKey: `notice:${notice.noticeId}:${address}`,
    }));
    return this.queue(ex, emails, { addSessions: false });
  }

  private async aboutOne(ex: Executor, booking: Booking, kind: "reminder" | "feedback", idempotencyKey: string): Promise<number> {
    const to = (await recipientsOf(ex, [booking.id])).get(booking.id);
    if (!to?.customerEmail) return 0;
    return this.queue(
      ex,
      [{ businessId: booking.businessId, recipient: "customer", customerId: to.customerId, address: to.customerEmail, bookingId: booking.id, notice: { kind, sessions: [sessionOf(booking, kind)] }, idempotencyKey, suppressed: kind === "feedback" && to.customerUnsubscribed }],
      { addSessions: false },
    );
  }

  private async queue(ex: Executor, emails: QueuedEmail[], o: { addSessions: boolean }): Promise<number> {
    if (emails.length === 0) return 0;
    const now = this.deps.clock.now();
    const values = emails.map((e) => ({
      businessId: e.businessId,
      customerId: e.customerId,
      recipient: e.recipient,
      bookingId: e.bookingId,
      direction: "out" as const,
      channel: "email" as const,
      provider: this.deps.provider,
      address: e.address,
      // Until it is sent (and put into words), the row says what it is about.
      body: `(${e.notice.kind} email)`,
      status: e.suppressed ? ("suppressed" as const) : ("queued" as const),
      payload: { notice: e.notice },
      idempotencyKey: e.idempotencyKey,
      nextAttemptAt: e.suppressed ? null : now,
      createdAt: now,
    }));
    const insert = ex.insert(messages).values(values);
    const rows = o.addSessions
      ? await insert
          .onConflictDoUpdate({
            target: [messages.businessId, messages.idempotencyKey],
            // Another session of the same payment or plan, changed in the same transaction: one email for them all.
            set: { payload: sql`jsonb_set(${messages.payload}, '{notice,sessions}', (${messages.payload} #> '{notice,sessions}') || (excluded.payload #> '{notice,sessions}'))` },
            setWhere: sql`${messages.status} = 'queued' and ${messages.payload} #> '{notice,sessions}' is not null`,
          })
          .returning({ id: messages.id, status: messages.status })
      : await insert.onConflictDoNothing().returning({ id: messages.id, status: messages.status });
    for (const row of rows) if (row.status === "queued") noteQueued(row.id);
    return rows.length;
  }
}

/** The emails one change calls for: the customer's, and the business's by the rule its notifications follow. */
function noticesFor(change: BookingChange): (CustomerNoticeKind | StaffEmailKind)[] {
  const staffKind = staffNoticeOf(change);
  return [...customerNoticesFor(change), ...(staffKind ? [STAFF_EMAIL_OF[staffKind]] : [])];
}

const STAFF_EMAIL_OF: Record<NonNullable<ReturnType<typeof staffNoticeOf>>, StaffEmailKind> = {
  new_booking: "staffNewBooking",
  pending_approval: "staffPendingApproval",
  cancelled: "staffCancelled",
};

function customerNoticesFor(change: BookingChange): CustomerNoticeKind[] {
  const { kind, booking } = change;
  switch (kind) {
    case "created":
      if (booking.status === "confirmed") return ["confirmed"];
      if (booking.status === "pending_approval") return ["requested"];
      return [];
    case "confirmed":
      // A held booking paid for: confirmed now.
      return ["confirmed"];
    case "approved":
      return ["confirmed"];
    case "revived":
      // A payment that came after its hold lapsed, with the time still free: booked after all.
      return booking.status === "confirmed" ? ["confirmed"] : [];
    case "rejected":
      return ["rejected"];
    case "rescheduled":
      return booking.status === "confirmed" || booking.status === "pending_approval" ? ["rescheduled"] : [];
    case "cancelled":
      return ["cancelled"];
    case "expired":
      return ["expired"];
    default:
      return [];
  }
}

function isStaffNotice(kind: CustomerNoticeKind | StaffEmailKind): kind is StaffEmailKind {
  return kind.startsWith("staff");
}

/**
 * What one email covers: the sessions a payment paid for together, or a plan's sessions booked
 * together; otherwise the booking alone. Moves are one email per move.
 */
function groupOf(kind: string, booking: Booking): string {
  if (kind === "rescheduled") return `${booking.id}:${booking.rescheduleCount}`;
  if (kind === "cancelled" || kind === "staffCancelled" || kind === "rejected") return booking.id;
  return booking.paymentId ?? booking.sessionGroupId ?? booking.id;
}

function sessionOf(booking: Booking, kind: string, detail?: Record<string, unknown>): NoticeSession {
  const previousStart = typeof detail?.previousStart === "string" ? detail.previousStart : undefined;
  return {
    bookingId: booking.id,
    start: booking.startAt.toISOString(),
    end: booking.endAt.toISOString(),
    // A cancellation is one more change of the calendar entry than the booking's moves.
    sequence: booking.rescheduleCount + (kind === "cancelled" ? 1 : 0),
    ...(previousStart && { previousStart }),
  };
}

function actorName(change: BookingChange): string {
  const by = change.by;
  if (by.kind === "customer") return "the customer";
  if (by.kind === "system") return `the system (${by.name})`;
  return by.name;
}

async function recipientsOf(ex: Executor, bookingIds: string[]): Promise<Map<string, Recipients>> {
  if (bookingIds.length === 0) return new Map();
  const rows = await ex
    .select({
      bookingId: bookings.id,
      customerId: customers.id,
      customerEmail: customers.email,
      unsubscribedAt: customers.emailOptedOutAt,
      contactEmail: businesses.contactEmail,
      staffEmail: staff.email,
    })
    .from(bookings)
    .innerJoin(customers, eq(customers.id, bookings.customerId))
    .innerJoin(businesses, eq(businesses.id, bookings.businessId))
    .innerJoin(staff, eq(staff.id, bookings.staffId))
    .where(inArray(bookings.id, bookingIds));
  return new Map(
    rows.map((r) => [
      r.bookingId,
      {
        customerId: r.customerId,
        customerEmail: r.customerEmail,
        customerUnsubscribed: r.unsubscribedAt !== null,
        staffEmails: distinctAddresses([r.contactEmail, r.staffEmail]),
      },
    ]),
  );
}

/** The addresses given, once each (compared without case, as mail systems do in practice). */
function distinctAddresses(addresses: (string | null)[]): string[] {
  const seen = new Map<string, string>();
  for (const a of addresses) if (a && a.trim() !== "" && !seen.has(a.trim().toLowerCase())) seen.set(a.trim().toLowerCase(), a.trim());
  return [...seen.values()];
}

/**
 * The jobs that keep bookings moving, run as one tick (`npm run jobs`, POST /admin/jobs/run, or
 * every minute with RUN_JOBS=1). Each is idempotent and safe with several runners at once: a
 * notification row per booking and kind is claimed before a message is queued (only one runner
 * wins the insert), and rows to work on are claimed with FOR UPDATE SKIP LOCKED.
 */
import { and, eq, gt, inArray, isNull, lte, notExists, sql } from "drizzle-orm";
import { nextSessionToInvite } from "../operations/inviteNextSession";
import { type Outbox, type Tell, queueingTell } from "../channels/tellAfterCommit";
import type { Booking, BookingService } from "../booking/bookingService";
import type { ConversationEngine } from "../conversation/engine";
import type { Database, Tx } from "../db/client";
import { bookings, businesses, notifications, services } from "../db/schema";
import type { Logger } from "../logger";
import type { WhatsAppInbox } from "../channels/meta/inbox";
import type { CalendarService } from "../calendar/calendarService";
import { type NoticeBooking, en as notice } from "../copy";
import { DAY_MS, MINUTE_MS } from "../booking/time";
import { isQuietHour, reminderDueAt } from "./schedule";

export interface JobCounts {
  reminders: number;
  feedback: number;
  expiredHolds: number;
  nextSessionInvites: number;
  calendarSync: number;
  messagesDelivered: number;
  whatsappRecovered: number;
}

export interface JobDeps {
  database: Database;
  bookingService: BookingService;
  engine: ConversationEngine;
  outbox: Outbox;
  whatsappInbox: WhatsAppInbox;
  /** Staff calendars, when Google is configured. */
  calendar?: CalendarService;
  logger: Logger;
}

/** Feedback is asked this long after a completed session ends, and not after a week. */
const FEEDBACK_DELAY_MS = 60 * MINUTE_MS;
const FEEDBACK_WINDOW_MS = 7 * DAY_MS;
const BATCH = 200;

export async function runJobs(deps: JobDeps, now: Date): Promise<JobCounts> {
  const queued: string[] = [];
  // Stored WhatsApp messages a stopped process acknowledged but never answered.
  const whatsappRecovered = await deps.whatsappInbox.recover();
  const expiredHolds = await expireHolds(deps, now, queued);
  const reminders = await sendReminders(deps, now, queued);
  const feedback = await askFeedback(deps, now, queued);
  const nextSessionInvites = await inviteNextSessions(deps, now, queued);
  const calendarSync = deps.calendar ? await deps.calendar.tick() : 0;
  // Everything queued above, plus earlier messages due a retry.
  const messagesDelivered = await deps.outbox.deliver(deps.database.db);
  const counts = { reminders, feedback, expiredHolds, nextSessionInvites, calendarSync, messagesDelivered, whatsappRecovered };
  deps.logger.info({ ...counts, at: now.toISOString() }, "jobs tick");
  return counts;
}

type Candidate = Booking & { timezone: string; serviceName: string; reminderOffsets: number[] };

async function candidates(tx: Tx, where: ReturnType<typeof and>): Promise<Candidate[]> {
  const rows = await tx
    .select({ booking: bookings, timezone: businesses.timezone, serviceName: services.name, reminderOffsets: businesses.reminderOffsetsMinutes })
    .from(bookings)
    .innerJoin(businesses, eq(businesses.id, bookings.businessId))
    .innerJoin(services, eq(services.id, bookings.serviceId))
    .where(where)
    .orderBy(bookings.startAt)
    .limit(BATCH);
  return rows.map((r) => ({ ...r.booking, timezone: r.timezone, serviceName: r.serviceName, reminderOffsets: r.reminderOffsets }));
}

function noticeOf(b: Candidate): NoticeBooking {
  return { serviceName: b.serviceName, start: b.startAt, timezone: b.timezone, sessionNumber: b.sessionNumber, totalSessions: b.totalSessions };
}

/** Claims the (booking, kind) notification; false when another run already did. */
async function claim(tx: Tx, booking: Booking, kind: string): Promise<boolean> {
  const rows = await tx.insert(notifications).values({ businessId: booking.businessId, bookingId: booking.id, kind }).onConflictDoNothing().returning({ id: notifications.id });
  return rows.length > 0;
}

function teller(deps: JobDeps, tx: Tx, queued: string[]): Tell {
  return queueingTell(deps.outbox, tx, queued);
}

const unnotified = (kind: string) =>
  notExists(
    sql`(select 1 from ${notifications} where ${notifications.bookingId} = ${bookings.id} and ${notifications.kind} = ${kind})`,
  );

async function sendReminders(deps: JobDeps, now: Date, queued: string[]): Promise<number> {
  return deps.database.db.transaction(async (tx) => {
    // Reminders can be due up to the largest offset ahead, plus up to 11 quiet hours moved earlier.
    const horizon = new Date(now.getTime() + 31 * DAY_MS);
    const upcoming = await candidates(tx, and(eq(bookings.status, "confirmed"), gt(bookings.startAt, now), lte(bookings.startAt, horizon)));
    const tell = teller(deps, tx, queued);
    let sent = 0;
    for (const booking of upcoming) {
      if (isQuietHour(now, booking.timezone)) continue;
      // Only the nearest reminder that is due: a booking made 3 hours ahead gets its 1-hour reminder, not a late 24-hour one.
      const due = booking.reminderOffsets
        .map((offset) => ({ offset, at: reminderDueAt(booking.startAt, offset, booking.timezone) }))
        .filter((r) => r.at <= now && r.at >= booking.createdAt)
        .sort((a, b) => a.offset - b.offset)[0];
      if (!due) continue;
      if (!(await claim(tx, booking, `reminder_${due.offset}`))) continue;
      await tell(booking, notice.reminder(noticeOf(booking)));
      sent++;
    }
    return sent;
  });
}

async function askFeedback(deps: JobDeps, now: Date, queued: string[]): Promise<number> {
  return deps.database.db.transaction(async (tx) => {
    const done = await candidates(
      tx,
      and(
        eq(bookings.status, "completed"),
        lte(bookings.endAt, new Date(now.getTime() - FEEDBACK_DELAY_MS)),
        gt(bookings.endAt, new Date(now.getTime() - FEEDBACK_WINDOW_MS)),
        unnotified("feedback"),
      ),
    );
    const tell = teller(deps, tx, queued);
    let asked = 0;
    for (const booking of done) {
      if (isQuietHour(now, booking.timezone)) continue;
      if (!(await claim(tx, booking, "feedback"))) continue;
      await tell(booking, notice.feedback(noticeOf(booking)));
      asked++;
    }
    return asked;
  });
}

/**
 * Lapsed holds and unanswered approvals: marked expired (freeing the slot), their customers told
 * once. The sessions one payment held (a whole plan) lapse together and are told in one message.
 * Returns how many expired bookings were accounted for.
 */
async function expireHolds(deps: JobDeps, now: Date, queued: string[]): Promise<number> {
  await deps.bookingService.expireLapsedHolds(deps.database.db);
  return deps.database.db.transaction(async (tx) => {
    const expired = await candidates(tx, and(eq(bookings.status, "expired"), gt(bookings.updatedAt, new Date(now.getTime() - 7 * DAY_MS)), unnotified("expired")));
    const tell = teller(deps, tx, queued);
    let told = 0;
    for (const group of groupBy(expired, (b) => b.paymentId ?? b.id)) {
      const claimed: Candidate[] = [];
      for (const booking of group) if (await claim(tx, booking, "expired")) claimed.push(booking);
      if (claimed.length === 0) continue;
      const first = claimed[0]!;
      await tell(first, first.cancelReason === "approval_expired" ? notice.approvalExpired(noticeOf(first)) : notice.holdExpired(claimed.map(noticeOf)));
      told += claimed.length;
    }
    return told;
  });
}

/** Items grouped by key, in the order each key first appears. */
function groupBy<T>(items: T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}

/** Sequential plans whose last booked session is done: the next one is offered (once per session). */
async function inviteNextSessions(deps: JobDeps, now: Date, queued: string[]): Promise<number> {
  return deps.database.db.transaction(async (tx) => {
    const done = await tx
      .select()
      .from(bookings)
      .where(
        and(
          inArray(bookings.status, ["completed", "no_show"]),
          sql`${bookings.sessionGroupId} is not null`,
          gt(bookings.endAt, new Date(now.getTime() - 30 * DAY_MS)),
          unnotified("next_session_invite"),
          isNull(bookings.cancelledAt),
        ),
      )
      .limit(BATCH)
      .for("update", { skipLocked: true });
    const tell = teller(deps, tx, queued);
    let invited = 0;
    for (const booking of done) {
      const invite = await nextSessionToInvite(tx, booking);
      if (!invite) continue;
      const { replies, channel } = await deps.engine.dispatch(tx, booking.businessId, booking.customerId, { type: "INVITE_NEXT_SESSION", ...invite });
      for (const body of replies) await tell(booking, body, channel);
      invited++;
    }
    return invited;
  });
}

/**
 * The jobs that keep bookings moving, run as one tick (`npm run jobs`, POST /admin/jobs/run, or
 * every minute with RUN_JOBS=1). The booking jobs run business by business, each job of each
 * business in its own transaction: a failure (a provider error, a bad row) is logged with the
 * business and the job, and every other business's work, and that business's other jobs, still
 * go ahead. Each is idempotent and safe with several runners at once: a notification row per
 * booking and kind is claimed before a message is queued (only one runner wins the insert), and
 * rows to work on are claimed with FOR UPDATE SKIP LOCKED.
 *
 * Calendar sync and message delivery run once for the deployment: they already isolate failures
 * per calendar, per event write and per message.
 */
import { and, asc, eq, gt, inArray, isNull, lt, lte, notExists, sql } from "drizzle-orm";
import { nextSessionToInvite } from "../operations/inviteNextSession";
import { type Outbox, type Tell, queueingTell } from "../channels/tellAfterCommit";
import type { Booking, BookingService } from "../booking/bookingService";
import type { ConversationEngine } from "../conversation/engine";
import type { Database, Tx } from "../db/client";
import { bookings, businesses, notifications, rateLimitHits, services } from "../db/schema";
import type { Logger } from "../logger";
import type { WhatsAppInbox } from "../channels/meta/inbox";
import type { CalendarService } from "../calendar/calendarService";
import { type NoticeBooking, en as notice } from "../copy";
import { DAY_MS, MINUTE_MS } from "../booking/time";
import { isQuietHour, reminderDueAt } from "./schedule";
import { DateTime } from "luxon";
import type { EmailNotices } from "../channels/email/emailNotices";
import type { PaymentCalls } from "../payments/paymentCalls";

export interface JobCounts {
  reminders: number;
  agendas: number;
  feedback: number;
  expiredHolds: number;
  nextSessionInvites: number;
  calendarSync: number;
  /** Payment pages opened or closed and refunds sent that a request left undone (it failed or its process died). */
  paymentCalls: number;
  messagesDelivered: number;
  whatsappRecovered: number;
}

export interface JobDeps {
  database: Database;
  bookingService: BookingService;
  engine: ConversationEngine;
  outbox: Outbox;
  /** The emails beside the texts (reminders, feedback) and the staff's daily agendas. */
  emails: EmailNotices;
  whatsappInbox: WhatsAppInbox;
  /** Staff calendars, when Google is configured. */
  calendar?: CalendarService;
  payments: PaymentCalls;
  logger: Logger;
}

/** Feedback is asked this long after a completed session ends, and not after a week. */
const FEEDBACK_DELAY_MS = 60 * MINUTE_MS;
const FEEDBACK_WINDOW_MS = 7 * DAY_MS;
/** The daily agenda goes at 07:00 business time, or on the first tick before noon. */
const AGENDA_HOUR = 7;
const AGENDA_UNTIL_HOUR = 12;
/** Bookings one job looks at per business and tick; the rest wait for the next tick. */
const BATCH = 200;

type BusinessJob = (deps: JobDeps, businessId: string, now: Date) => Promise<number>;

/** Each business's jobs, in the order they run. */
const BUSINESS_JOBS = {
  expiredHolds: expireHolds,
  reminders: sendReminders,
  feedback: askFeedback,
  agendas: sendAgendas,
  nextSessionInvites: inviteNextSessions,
} satisfies Record<string, BusinessJob>;

type BusinessCounts = Record<keyof typeof BUSINESS_JOBS, number>;

export async function runJobs(deps: JobDeps, now: Date): Promise<JobCounts> {
  // Stored WhatsApp messages a stopped process acknowledged but never answered.
  const whatsappRecovered = await isolated(deps, { job: "whatsappRecovered" }, () => deps.whatsappInbox.recover());
  const totals: BusinessCounts = { expiredHolds: 0, reminders: 0, feedback: 0, agendas: 0, nextSessionInvites: 0 };
  for (const businessId of await businessIds(deps.database)) {
    for (const [job, run] of Object.entries(BUSINESS_JOBS) as [keyof BusinessCounts, BusinessJob][]) {
      totals[job] += await isolated(deps, { job, businessId }, () => run(deps, businessId, now));
    }
  }
  const calendar = deps.calendar;
  const calendarSync = calendar ? await isolated(deps, { job: "calendarSync" }, () => calendar.tick()) : 0;
  await isolated(deps, { job: "rateLimitWindows" }, () => forgetRateLimitWindows(deps.database, now));
  // Before the messages: a message may carry the link of a payment page opened here.
  const paymentCalls = await isolated(deps, { job: "paymentCalls" }, () => deps.payments.runDue());
  // Everything queued above, plus earlier messages due a retry.
  const messagesDelivered = await deps.outbox.deliver(deps.database.db);
  const counts = { ...totals, calendarSync, paymentCalls, messagesDelivered, whatsappRecovered };
  deps.logger.info({ ...counts, at: now.toISOString() }, "jobs tick");
  return counts;
}

/** The public API's rate-limit windows more than a day old: no limit looks back that far. */
async function forgetRateLimitWindows(database: Database, now: Date): Promise<number> {
  const gone = await database.db.delete(rateLimitHits).where(lt(rateLimitHits.windowStart, new Date(now.getTime() - DAY_MS))).returning({ key: rateLimitHits.key });
  return gone.length;
}

async function businessIds(database: Database): Promise<string[]> {
  const rows = await database.db.select({ id: businesses.id }).from(businesses).orderBy(asc(businesses.id));
  return rows.map((r) => r.id);
}

/** The job's count, or 0 when it failed: the failure is logged (its transaction rolled back, so the next tick tries again). */
async function isolated(deps: JobDeps, where: { job: string; businessId?: string }, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    deps.logger.error({ err: error, ...where }, "job failed; the other jobs go on and the next tick retries it");
    return 0;
  }
}

type Candidate = Booking & { timezone: string; serviceName: string; reminderOffsets: number[] };

async function candidates(tx: Tx, businessId: string, where: ReturnType<typeof and>): Promise<Candidate[]> {
  const rows = await tx
    .select({ booking: bookings, timezone: businesses.timezone, serviceName: services.name, reminderOffsets: businesses.reminderOffsetsMinutes })
    .from(bookings)
    .innerJoin(businesses, eq(businesses.id, bookings.businessId))
    .innerJoin(services, eq(services.id, bookings.serviceId))
    .where(and(eq(bookings.businessId, businessId), where))
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

function teller(deps: JobDeps, tx: Tx): Tell {
  return queueingTell(deps.outbox, tx);
}

const unnotified = (kind: string) =>
  notExists(
    sql`(select 1 from ${notifications} where ${notifications.bookingId} = ${bookings.id} and ${notifications.kind} = ${kind})`,
  );

async function sendReminders(deps: JobDeps, businessId: string, now: Date): Promise<number> {
  return deps.database.db.transaction(async (tx) => {
    // Reminders can be due up to the largest offset ahead, plus up to 11 quiet hours moved earlier.
    const horizon = new Date(now.getTime() + 31 * DAY_MS);
    const upcoming = await candidates(tx, businessId, and(eq(bookings.status, "confirmed"), gt(bookings.startAt, now), lte(bookings.startAt, horizon)));
    const tell = teller(deps, tx);
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
      await deps.emails.reminder(tx, booking, due.offset);
      sent++;
    }
    return sent;
  });
}

async function askFeedback(deps: JobDeps, businessId: string, now: Date): Promise<number> {
  return deps.database.db.transaction(async (tx) => {
    const done = await candidates(
      tx,
      businessId,
      and(
        eq(bookings.status, "completed"),
        lte(bookings.endAt, new Date(now.getTime() - FEEDBACK_DELAY_MS)),
        gt(bookings.endAt, new Date(now.getTime() - FEEDBACK_WINDOW_MS)),
        unnotified("feedback"),
      ),
    );
    const tell = teller(deps, tx);
    let asked = 0;
    for (const booking of done) {
      if (isQuietHour(now, booking.timezone)) continue;
      if (!(await claim(tx, booking, "feedback"))) continue;
      await tell(booking, notice.feedback(noticeOf(booking)));
      await deps.emails.feedback(tx, booking);
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
async function expireHolds(deps: JobDeps, businessId: string, now: Date): Promise<number> {
  await deps.bookingService.expireLapsedHolds(deps.database.db, { businessId });
  return deps.database.db.transaction(async (tx) => {
    const expired = await candidates(tx, businessId, and(eq(bookings.status, "expired"), gt(bookings.updatedAt, new Date(now.getTime() - 7 * DAY_MS)), unnotified("expired")));
    const tell = teller(deps, tx);
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

/**
 * Each staff member's agenda for the day, from 07:00 business time (until noon: a server that was
 * down at 07:00 still sends it on its first tick, but no one wants the morning's agenda at night).
 * Once per member and day, however many runners tick.
 */
async function sendAgendas(deps: JobDeps, businessId: string, now: Date): Promise<number> {
  const [business] = await deps.database.db.select({ timezone: businesses.timezone }).from(businesses).where(eq(businesses.id, businessId));
  if (!business) return 0;
  const local = DateTime.fromJSDate(now, { zone: business.timezone });
  if (local.hour < AGENDA_HOUR || local.hour >= AGENDA_UNTIL_HOUR) return 0;
  return deps.database.db.transaction((tx) => deps.emails.agendas(tx, businessId, local.toISODate()!, business.timezone));
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
async function inviteNextSessions(deps: JobDeps, businessId: string, now: Date): Promise<number> {
  return deps.database.db.transaction(async (tx) => {
    const done = await tx
      .select()
      .from(bookings)
      .where(
        and(
          eq(bookings.businessId, businessId),
          inArray(bookings.status, ["completed", "no_show"]),
          sql`${bookings.sessionGroupId} is not null`,
          gt(bookings.endAt, new Date(now.getTime() - 30 * DAY_MS)),
          unnotified("next_session_invite"),
          isNull(bookings.cancelledAt),
        ),
      )
      .limit(BATCH)
      .for("update", { skipLocked: true });
    const tell = teller(deps, tx);
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

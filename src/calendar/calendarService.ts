/**
 * Staff calendars in Google: their busy time kept in PostgreSQL by the sync job (incremental,
 * with a full resync when Google answers 410), every booking mirrored as an event through an
 * outbox (a failure never fails a booking; the job retries), and a last look before booking.
 */
import { recordCalendarEvent } from "../booking/bookingService";
import { providerAnswer } from "../providerReads";
import { and, asc, eq, inArray, lte, notInArray, sql } from "drizzle-orm";
import { DAY_MS, MINUTE_MS, toZonedIso } from "../booking/time";
import type { Clock } from "../clock";
import { truncateGraphemes } from "../graphemes";
import type { Database, Executor, Tx } from "../db/client";
import { bookings, businesses, calendarBusy, calendarOutbox, calendarSyncState, customers, services, staff } from "../db/schema";
import type { Logger } from "../logger";
import { busyRange } from "./eventBusy";
import { type CalendarApi, CalendarApiError, type CalendarEvent, type EventPage, SyncTokenExpired } from "./googleClient";

/** The check just before booking never holds a customer up for longer than this. */
export const LIVE_CHECK_TIMEOUT_MS = 2000;
const MAX_ATTEMPTS = 8;
const BATCH = 50;
/** How long a runner holds a queued event write before another may take it over (its process died). */
const LEASE_MINUTES = 5;

export class CalendarService {
  constructor(private readonly deps: { api: CalendarApi; database: Database; clock: Clock; logger: Logger }) {}

  /** Queues the bookings' calendar events for an update (in the caller's transaction). */
  async changed(ex: Executor, bookingIds: string[]): Promise<void> {
    if (bookingIds.length === 0) return;
    const now = this.deps.clock.now();
    const rows = await ex
      .select({ id: bookings.id, businessId: bookings.businessId })
      .from(bookings)
      .innerJoin(staff, eq(staff.id, bookings.staffId))
      .where(and(inArray(bookings.id, bookingIds), sql`${staff.googleCalendarId} is not null or ${bookings.googleEventId} is not null`));
    if (rows.length === 0) return;
    await ex
      .insert(calendarOutbox)
      .values(rows.map((r) => ({ bookingId: r.id, businessId: r.businessId, dueAt: now })))
      .onConflictDoUpdate({ target: calendarOutbox.bookingId, set: { dueAt: now, attempts: 0, lastError: null } });
  }

  /**
   * Google's own free/busy for the exact slot, read outside the caller's transaction
   * (providerReads.ts) and bounded: "unknown" when it cannot answer in time, or when the caller
   * runs outside withProviderReads (then the booking goes ahead on the synced busy times).
   */
  async liveCheck(ex: Executor, staffId: string, start: Date, end: Date): Promise<"free" | "busy" | "unknown"> {
    const [member] = await ex.select({ calendarId: staff.googleCalendarId }).from(staff).where(eq(staff.id, staffId));
    if (!member?.calendarId) return "free";
    const calendarId = member.calendarId;
    const busy = providerAnswer(`freebusy:${calendarId}:${start.toISOString()}:${end.toISOString()}`, () => this.freeBusy(calendarId, start, end));
    if (busy === undefined || busy === "unknown") return "unknown";
    if (busy.length === 0) return "free";
    // Our own events for other bookings are already busy in the database; only foreign ones matter here.
    const ours = await ex
      .select({ startAt: bookings.startAt, endAt: bookings.endAt })
      .from(bookings)
      .where(and(eq(bookings.staffId, staffId), notInArray(bookings.status, ["cancelled", "expired"]), sql`${bookings.googleEventId} is not null`));
    const foreign = busy.filter((b) => !ours.some((o) => o.startAt <= b.start && o.endAt >= b.end));
    return foreign.some((b) => b.start < end && b.end > start) ? "busy" : "free";
  }

  /** The calendar's busy intervals in the slot, or "unknown" when Google fails or is slow (never throws). */
  private async freeBusy(calendarId: string, start: Date, end: Date): Promise<{ start: Date; end: Date }[] | "unknown"> {
    try {
      return await this.deps.api.freeBusy(calendarId, start, end, LIVE_CHECK_TIMEOUT_MS);
    } catch (error) {
      this.deps.logger.warn({ err: error, calendarId }, "calendar check before booking failed; booking on the synced data");
      return "unknown";
    }
  }

  /** One job tick: sync every staff calendar's busy time, then push pending booking events. Returns the work done. */
  async tick(): Promise<number> {
    return (await this.syncCalendars()) + (await this.pushEvents());
  }

  async syncCalendars(): Promise<number> {
    const calendars = await this.deps.database.db
      .select({ staffId: staff.id, calendarId: staff.googleCalendarId, businessId: staff.businessId, timezone: businesses.timezone, horizon: businesses.maxAdvanceDays })
      .from(staff)
      .innerJoin(businesses, eq(businesses.id, staff.businessId))
      .where(and(sql`${staff.googleCalendarId} is not null`, eq(staff.active, true)));
    let synced = 0;
    for (const c of calendars) {
      try {
        if (await this.syncOne({ ...c, calendarId: c.calendarId! })) synced++;
      } catch (error) {
        this.deps.logger.warn({ err: error, calendarId: c.calendarId }, "calendar sync failed; the next tick retries");
      }
    }
    return synced;
  }

  /**
   * Reads the calendar's changes from Google with no transaction open (a slow Google holds no lock
   * and, on the embedded database, does not hold up every other request), then applies them under
   * the sync state's row lock, only if no other runner moved the sync token on meanwhile.
   */
  private async syncOne(c: { staffId: string; calendarId: string; businessId: string; timezone: string; horizon: number }): Promise<boolean> {
    const db = this.deps.database.db;
    const [state] = await db.select({ syncToken: calendarSyncState.syncToken }).from(calendarSyncState).where(eq(calendarSyncState.calendarId, c.calendarId));
    const readFrom = state?.syncToken ?? null;
    const now = this.deps.clock.now();
    let page: EventPage | undefined;
    try {
      page = readFrom ? await this.deps.api.listEvents(c.calendarId, { syncToken: readFrom }) : undefined;
    } catch (error) {
      if (!(error instanceof SyncTokenExpired)) throw error;
    }
    const full = page === undefined;
    if (full) page = await this.deps.api.listEvents(c.calendarId, { timeMin: new Date(now.getTime() - DAY_MS), timeMax: new Date(now.getTime() + (c.horizon + 1) * DAY_MS) });
    return db.transaction(async (tx) => {
      await tx.insert(calendarSyncState).values({ calendarId: c.calendarId, businessId: c.businessId }).onConflictDoNothing();
      const [current] = await tx.select().from(calendarSyncState).where(eq(calendarSyncState.calendarId, c.calendarId)).for("update");
      // Another runner applied these changes (or newer ones) while this one was reading.
      if ((current?.syncToken ?? null) !== readFrom) return false;
      if (full) await tx.delete(calendarBusy).where(eq(calendarBusy.calendarId, c.calendarId));
      for (const event of page!.events) await this.applyEvent(tx, c, event);
      await tx.update(calendarSyncState).set({ syncToken: page!.nextSyncToken, syncedAt: now }).where(eq(calendarSyncState.calendarId, c.calendarId));
      return true;
    });
  }

  private async applyEvent(tx: Tx, c: { staffId: string; calendarId: string; businessId: string; timezone: string }, event: CalendarEvent): Promise<void> {
    const range = busyRange(event, c.timezone);
    if (!range) {
      await tx.delete(calendarBusy).where(and(eq(calendarBusy.calendarId, c.calendarId), eq(calendarBusy.eventId, event.id)));
      return;
    }
    await tx
      .insert(calendarBusy)
      .values({ businessId: c.businessId, staffId: c.staffId, calendarId: c.calendarId, eventId: event.id, startAt: range.start, endAt: range.end })
      .onConflictDoUpdate({ target: [calendarBusy.calendarId, calendarBusy.eventId], set: { startAt: range.start, endAt: range.end, staffId: c.staffId } });
  }

  /**
   * Brings each queued booking's event in line with the booking: created when it is live and has
   * none, moved when it has one, deleted when the booking no longer happens. A runner leases a row
   * in a short transaction, talks to Google with none open, then records the outcome only if the
   * lease is still its own: two runners never write the same change, and a booking changed
   * meanwhile is queued again rather than forgotten.
   */
  async pushEvents(): Promise<number> {
    let done = 0;
    for (let i = 0; i < BATCH; i++) {
      const job = await this.leaseEventJob();
      if (!job) break;
      if (await this.writeEvent(job)) done++;
    }
    return done;
  }

  private async leaseEventJob(): Promise<EventJob | undefined> {
    return this.deps.database.db.transaction(async (tx) => {
      const now = this.deps.clock.now();
      const [row] = await tx
        .select()
        .from(calendarOutbox)
        .where(and(lte(calendarOutbox.dueAt, now), sql`${calendarOutbox.attempts} < ${MAX_ATTEMPTS}`))
        .orderBy(asc(calendarOutbox.dueAt))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!row) return undefined;
      const leasedUntil = new Date(now.getTime() + LEASE_MINUTES * MINUTE_MS);
      await tx.update(calendarOutbox).set({ dueAt: leasedUntil, attempts: row.attempts + 1 }).where(eq(calendarOutbox.bookingId, row.bookingId));
      const [target] = await tx
        .select({ booking: bookings, calendarId: staff.googleCalendarId, serviceName: services.name, phone: customers.phone, name: customers.name, timezone: businesses.timezone })
        .from(bookings)
        .innerJoin(staff, eq(staff.id, bookings.staffId))
        .innerJoin(services, eq(services.id, bookings.serviceId))
        .innerJoin(customers, eq(customers.id, bookings.customerId))
        .innerJoin(businesses, eq(businesses.id, bookings.businessId))
        .where(eq(bookings.id, row.bookingId));
      return { bookingId: row.bookingId, attempts: row.attempts + 1, leasedUntil, target };
    });
  }

  /** True when the event now matches the booking. */
  private async writeEvent(job: EventJob): Promise<boolean> {
    const db = this.deps.database.db;
    const stillOurs = and(eq(calendarOutbox.bookingId, job.bookingId), eq(calendarOutbox.dueAt, job.leasedUntil));
    let eventId: string | null | undefined;
    try {
      eventId = job.target ? await this.syncEvent(job.target) : undefined;
    } catch (error) {
      const retryable = !(error instanceof CalendarApiError) || error.retryable;
      const delayMinutes = 2 ** Math.min(job.attempts - 1, 6);
      this.deps.logger.warn({ err: error, bookingId: job.bookingId, attempts: job.attempts }, "calendar event write failed");
      await db
        .update(calendarOutbox)
        .set({
          attempts: retryable ? job.attempts : MAX_ATTEMPTS,
          lastError: error instanceof Error ? truncateGraphemes(error.message, 500) : String(error),
          dueAt: new Date(this.deps.clock.now().getTime() + delayMinutes * MINUTE_MS),
        })
        .where(stillOurs);
      return false;
    }
    await db.transaction(async (tx) => {
      if (eventId !== undefined && eventId !== job.target!.booking.googleEventId) await recordCalendarEvent(tx, job.bookingId, eventId);
      // A booking changed while Google was being written to has been queued again: that row stays.
      await tx.delete(calendarOutbox).where(stillOurs);
    });
    return true;
  }

  /** Makes Google's event match the booking; returns the event id the booking now has (null: none). */
  private async syncEvent(target: EventTarget): Promise<string | null> {
    const { booking, calendarId } = target;
    const live = booking.status === "confirmed" || booking.status === "completed" || booking.status === "no_show";
    if (!live || !calendarId) {
      if (booking.googleEventId && calendarId) await this.deps.api.deleteEvent(calendarId, booking.googleEventId);
      return null;
    }
    const session = booking.sessionNumber && booking.totalSessions ? ` — session ${booking.sessionNumber} of ${booking.totalSessions}` : "";
    const event = {
      // The customer is in the title: what staff see in a day view without opening the event.
      summary: `${target.serviceName} — ${target.name ?? target.phone}${session}`,
      description: `Customer: ${target.name ?? "(no name)"} ${target.phone}\nBooked through Slotline (booking ${booking.id}), ${toZonedIso(booking.startAt, target.timezone)}`,
      start: booking.startAt,
      end: booking.endAt,
    };
    if (booking.googleEventId) {
      await this.deps.api.patchEvent(calendarId, booking.googleEventId, event);
      return booking.googleEventId;
    }
    // The event's id is the booking's: an insert repeated after a crash finds it instead of making a second.
    const eventId = eventIdFor(booking.id);
    try {
      await this.deps.api.insertEvent(calendarId, { ...event, eventId, bookingId: booking.id });
    } catch (error) {
      if (!(error instanceof CalendarApiError && error.status === 409)) throw error;
      await this.deps.api.patchEvent(calendarId, eventId, event);
    }
    return eventId;
  }
}

/** Google event ids are base32hex (a-v, 0-9), 5 to 1024 characters: a UUID's hex digits are. */
export function eventIdFor(bookingId: string): string {
  return bookingId.replace(/-/g, "").toLowerCase();
}

type EventTarget = {
  booking: typeof bookings.$inferSelect;
  calendarId: string | null;
  serviceName: string;
  phone: string;
  name: string | null;
  timezone: string;
};

interface EventJob {
  bookingId: string;
  attempts: number;
  leasedUntil: Date;
  target: EventTarget | undefined;
}

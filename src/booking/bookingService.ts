/**
 * The booking core's side-effecting half: it loads schedules, asks the pure functions, and writes
 * bookings in a transaction. The database's exclusion constraint is the final word on overlaps;
 * the checks here turn its refusal into meaning (SlotTaken) and add what it cannot know (hours,
 * notice, horizon, blocked periods).
 */
import { and, eq, gt, inArray, lt, lte, ne, notInArray, sql } from "drizzle-orm";
import type { Clock } from "../clock";
import { type Executor, PG_EXCLUSION_VIOLATION, pgErrorCode } from "../db/client";
import { type BookingEventKind, type BookingPaymentStatus, type BookingStatus, bookings, sessionGroups } from "../db/schema";
import { type Actor, systemActor } from "./actor";
import { type HistoryEntry, recordHistory } from "./history";
import { type BookingPolicy, type Slot, type Unbookable, availableSlots, bookableWindow, nearestSlots, whyUnbookable } from "./availability";
import { type BusySource, noExternalBusy } from "./busySource";
import { InvalidTransition, NoStaffForService, NotFound, PlanGapTooShort, SlotTaken, SlotUnavailable } from "./errors";
import { type BookingAction, nextStatus } from "./lifecycle";
import { FreeSlotsByDay, type GapConflict, type MultiSessionConfig, type PlanSession, gapConflict, placeLaterSessions, planSpanDays, sessionTargets } from "./plans";
import { type Service, getService, loadSchedules, policyOf, staffForService } from "./schedulingData";
import { type Business, getBusiness } from "./business";
import { DAY_MS, MINUTE_MS, addLocalDays, localDateOf, zonedInstant } from "./time";

export type Booking = typeof bookings.$inferSelect;

export interface SlotRequest {
  businessId: string;
  serviceId: string;
  from: Date;
  to: Date;
  staffId?: string;
  ignoreBookingId?: string;
  /** For a later session of an immediate plan: the horizon reaches further by the plan's own gaps. */
  laterPlanSession?: boolean;
  /**
   * The plan place of the session the slots are for: none inside the plan's minimum gap to its
   * neighbours is offered. Without it, a moved booking (ignoreBookingId) keeps its own place.
   */
  plan?: PlanPlace;
}

/** Where a session sits in its plan; `bookingId` is the session itself when it is being moved. */
export interface PlanPlace {
  planId: string;
  sessionNumber: number;
  bookingId?: string;
}

/** The statuses a booking can be made in. */
export type NewBookingStatus = Extract<BookingStatus, "held" | "pending_payment" | "pending_approval" | "confirmed">;

export interface NewBooking {
  businessId: string;
  serviceId: string;
  customerId: string;
  /** One entry per session; a single booking is a group of one. */
  sessions: { start: Date; staffId?: string }[];
  status: NewBookingStatus;
  paymentStatus?: BookingPaymentStatus;
  priceCents?: number;
  /** Multi-session: the plan the sessions belong to, and their numbers in it. */
  plan?: { id: string; firstSessionNumber: number; totalSessions: number };
  backupStart?: Date;
  packageId?: string;
  promoCodeId?: string;
  /** Who is booking: the booking's history names them. */
  by: Actor;
}

/** The history kind each lifecycle action writes (a reschedule writes "rescheduled"). */
const EVENT_OF: Record<Exclude<BookingAction, "reschedule">, BookingEventKind> = {
  confirm: "confirmed",
  approve: "approved",
  reject: "rejected",
  cancel: "cancelled",
  complete: "completed",
  no_show: "no_show",
  expire: "expired",
  revive: "revived",
};
const HOLD_EXPIRY = systemActor("hold expiry");

/**
 * What the booking core tells the outside about, without knowing who listens: a staff calendar
 * mirrors bookings (changed), and may veto a slot that became busy since the last sync (liveCheck).
 */
export interface BookingHooks {
  /** Bookings were created, moved or changed status (in the caller's transaction). */
  changed?(ex: Executor, bookingIds: string[]): Promise<void>;
  /** The same changes as their history records them (who, from which status), with each booking as it is now: the emails are written from these. */
  recorded?(ex: Executor, changes: BookingChange[]): Promise<void>;
  /** "busy" when the staff member's own calendar has something at that time now; "unknown" goes ahead. */
  liveCheck?(ex: Executor, staffId: string, start: Date, end: Date): Promise<"free" | "busy" | "unknown">;
}

/** One history entry with the booking as the change left it. */
export type BookingChange = Omit<HistoryEntry, "booking"> & { booking: Booking };

export class BookingService {
  constructor(
    private readonly clock: Clock,
    private readonly busySource: BusySource = noExternalBusy,
    private readonly hooks: BookingHooks = {},
  ) {}

  /** Tells the listeners (a calendar) that bookings changed; for changes made outside this service. */
  /** Ties held bookings to the payment that pays for them; the slot stays held until `holdExpiresAt`. */
  async attachPayment(ex: Executor, bookingIds: string[], paymentId: string, holdExpiresAt: Date): Promise<void> {
    if (bookingIds.length === 0) return;
    await ex.update(bookings).set({ paymentId, paymentStatus: "pending", holdExpiresAt, updatedAt: this.clock.now() }).where(inArray(bookings.id, bookingIds));
  }

  /**
   * Held bookings paid with a delayed method (a bank debit) whose money has not arrived: they stay
   * held — up to their own start at most — with payment status "processing" until it arrives or fails.
   */
  async awaitDelayedPayment(ex: Executor, bookingIds: string[]): Promise<void> {
    if (bookingIds.length === 0) return;
    await ex
      .update(bookings)
      .set({ paymentStatus: "processing", holdExpiresAt: sql`greatest(${bookings.holdExpiresAt}, ${bookings.startAt})`, updatedAt: this.clock.now() })
      .where(and(inArray(bookings.id, bookingIds), eq(bookings.status, "pending_payment")));
  }

  /** Records how bookings are paid now (refunded, partially refunded…), with the fee kept when a cancellation kept one (cents). */
  async setPaymentStatus(ex: Executor, bookingIds: string[], paymentStatus: BookingPaymentStatus, cancellationFeeCents?: number): Promise<void> {
    if (bookingIds.length === 0) return;
    await ex
      .update(bookings)
      .set({ paymentStatus, ...(cancellationFeeCents !== undefined && { cancellationFeeCents }), updatedAt: this.clock.now() })
      .where(inArray(bookings.id, bookingIds));
  }

  /** Writes the history of these changes and tells the listeners (emails) in the same transaction. */
  private async record(ex: Executor, changes: BookingChange[]): Promise<void> {
    await recordHistory(ex, changes);
    if (changes.length > 0 && this.hooks.recorded) await this.hooks.recorded(ex, changes);
  }

  async noteChanged(ex: Executor, bookingIds: string[]): Promise<void> {
    if (bookingIds.length > 0 && this.hooks.changed) await this.hooks.changed(ex, bookingIds);
  }

  /** Free slots of a service in [from, to), across every staff member who offers it. */
  async findSlots(ex: Executor, req: SlotRequest): Promise<Slot[]> {
    const business = await getBusiness(ex, req.businessId);
    const service = await getService(ex, req.businessId, req.serviceId);
    return this.slotsFor(ex, business, service, req);
  }

  async slotsFor(ex: Executor, business: Business, service: Service, req: Omit<SlotRequest, "businessId" | "serviceId">): Promise<Slot[]> {
    const now = this.clock.now();
    const offering = await staffForService(ex, service.id);
    const staffIds = req.staffId ? offering.filter((id) => id === req.staffId) : offering;
    const schedules = await loadSchedules(ex, {
      businessId: business.id,
      staffIds,
      from: req.from,
      to: req.to,
      now,
      bufferMinutes: business.bufferMinutes,
      busySource: this.busySource,
      ignoreBookingId: req.ignoreBookingId,
    });
    const slots = availableSlots({ policy: policyFor(business, service, req.laterPlanSession), durationMinutes: service.durationMinutes, now, from: req.from, to: req.to, staff: schedules });
    return this.outsidePlanGaps(ex, business, service, slots, req);
  }

  /** The slots that keep the plan's minimum gap to the session's neighbours (all of them, outside a plan). */
  private async outsidePlanGaps(ex: Executor, business: Business, service: Service, slots: Slot[], req: Pick<SlotRequest, "plan" | "ignoreBookingId">): Promise<Slot[]> {
    const config = multiSessionConfigOf(service);
    if (!config.minGapDays || slots.length === 0) return slots;
    const place = req.plan ?? (req.ignoreBookingId ? await this.planPlaceOf(ex, req.ignoreBookingId) : undefined);
    if (!place) return slots;
    const others = await this.planNeighbours(ex, place);
    return slots.filter((s) => !gapConflict(config, others, place.sessionNumber, s.start, business.timezone));
  }

  /** The plan place of a booking, when it is a session of a plan. */
  async planPlaceOf(ex: Executor, bookingId: string): Promise<PlanPlace | undefined> {
    const [row] = await ex.select({ planId: bookings.sessionGroupId, sessionNumber: bookings.sessionNumber }).from(bookings).where(eq(bookings.id, bookingId));
    return row?.planId && row.sessionNumber ? { planId: row.planId, sessionNumber: row.sessionNumber, bookingId } : undefined;
  }

  /** The plan's other live sessions (as planProgress counts them). */
  private async planNeighbours(ex: Executor, place: PlanPlace): Promise<PlanSession[]> {
    const rows = await ex
      .select({ sessionNumber: bookings.sessionNumber, start: bookings.startAt })
      .from(bookings)
      .where(and(eq(bookings.sessionGroupId, place.planId), notInArray(bookings.status, ["cancelled", "expired"]), place.bookingId ? ne(bookings.id, place.bookingId) : undefined));
    return rows.map((r) => ({ sessionNumber: r.sessionNumber ?? 0, start: r.start }));
  }

  /** Whether a session at `start` would be inside its plan's minimum gap to a neighbour, and which. */
  async planGapAt(ex: Executor, business: Business, service: Service, place: PlanPlace, start: Date): Promise<(GapConflict & { minGapDays: number }) | undefined> {
    const config = multiSessionConfigOf(service);
    if (!config.minGapDays) return undefined;
    const conflict = gapConflict(config, await this.planNeighbours(ex, place), place.sessionNumber, start, business.timezone);
    return conflict && { ...conflict, minGapDays: config.minGapDays };
  }

  /**
   * Refuses a session inside the plan's minimum gap to its neighbours. The plan row is locked first,
   * so two sessions of one plan booked or moved at once cannot both pass the check.
   */
  private async checkPlanGap(ex: Executor, business: Business, service: Service, place: PlanPlace, start: Date): Promise<void> {
    if (!multiSessionConfigOf(service).minGapDays) return;
    await ex.select({ id: sessionGroups.id }).from(sessionGroups).where(eq(sessionGroups.id, place.planId)).for("update");
    const conflict = await this.planGapAt(ex, business, service, place, start);
    if (!conflict) return;
    const tz = business.timezone;
    const previous = conflict.side === "previous";
    throw new PlanGapTooShort(
      start,
      place.sessionNumber,
      conflict.minGapDays,
      conflict.neighbour,
      conflict.side,
      conflict.boundary,
      previous ? zonedInstant(conflict.boundary, 0, tz) : null,
      previous ? null : zonedInstant(addLocalDays(conflict.boundary, 1), 0, tz),
      tz,
    );
  }

  /** Why `wanted` (a UTC instant) cannot be booked for `service` now: see `whyUnbookable`. */
  async whyUnbookable(ex: Executor, business: Business, service: Service, wanted: Date, ignoreBookingId?: string): Promise<Unbookable> {
    const now = this.clock.now();
    const to = new Date(wanted.getTime() + service.durationMinutes * MINUTE_MS);
    const schedules = await loadSchedules(ex, {
      businessId: business.id,
      staffIds: await staffForService(ex, service.id),
      from: wanted,
      to,
      now,
      bufferMinutes: business.bufferMinutes,
      busySource: this.busySource,
      ignoreBookingId,
    });
    return whyUnbookable({ policy: policyFor(business, service), durationMinutes: service.durationMinutes, now, staff: schedules }, wanted);
  }

  /**
   * The free slots of one local day of the business. `options` as for slotsFor: a booking being
   * moved (ignoreBookingId) frees its own time and keeps its plan's gaps.
   */
  async slotsOnDay(
    ex: Executor,
    business: Business,
    service: Service,
    day: { year: number; month: number; day: number },
    options: Pick<SlotRequest, "ignoreBookingId" | "laterPlanSession"> = {},
  ): Promise<Slot[]> {
    const from = zonedInstant(day, 0, business.timezone);
    const to = zonedInstant(addLocalDays(day, 1), 0, business.timezone);
    return this.slotsFor(ex, business, service, { from, to, ...options });
  }

  /**
   * The schedule of a multi-session plan from its first session: each later session at its
   * wanted day and time, moved to the nearest free slot on or after that day when taken.
   * Returns undefined for a session that finds no free slot within the horizon.
   */
  async planSchedule(ex: Executor, business: Business, service: Service, first: Slot, fromSession = 1): Promise<(Slot | undefined)[]> {
    const config = multiSessionConfigOf(service);
    const remaining = { ...config, totalSessions: config.totalSessions - fromSession + 1 };
    const targets = sessionTargets(first.start, remaining, business.timezone);
    const horizon = bookableWindow(policyFor(business, service, true), this.clock.now());
    const to = new Date(horizon.end);
    const from = new Date(first.start.getTime() + service.durationMinutes * MINUTE_MS);
    const later = from < to ? await this.slotsFor(ex, business, service, { from, to, laterPlanSession: true }) : [];
    const free = new FreeSlotsByDay(later, business.timezone);
    return [first, ...placeLaterSessions(first, targets.slice(1), free, config.minGapDays ?? 0, business.timezone)];
  }

  /**
   * The first-session slots in [from, to) of an immediate plan whose every later session finds a free
   * slot as planSchedule places it (the chat's rule for offering a plan): one slot load reaching the
   * later sessions' horizon, then each start's schedule placed in memory.
   */
  async immediatePlanStarts(ex: Executor, business: Business, service: Service, range: { from: Date; to: Date }): Promise<Slot[]> {
    const config = multiSessionConfigOf(service);
    const tz = business.timezone;
    const now = this.clock.now();
    const firstEnd = bookableWindow(policyFor(business, service), now).end;
    const laterEnd = new Date(bookableWindow(policyFor(business, service, true), now).end);
    if (range.from >= laterEnd) return [];
    // The later sessions' policy differs from the first's only by its horizon: one load serves both.
    const slots = await this.slotsFor(ex, business, service, { from: range.from, to: laterEnd, laterPlanSession: true });
    const free = new FreeSlotsByDay(slots, tz);
    const firsts = slots.filter((s) => s.start < range.to && s.start.getTime() < firstEnd);
    return firsts.filter((first) => placeLaterSessions(first, sessionTargets(first.start, config, tz).slice(1), free, config.minGapDays ?? 0, tz).every(Boolean));
  }

  /**
   * Books every session of the request in one savepoint: all of them, or none (the first failure
   * is thrown, SlotTaken or SlotUnavailable). Picks a free staff member where none is named.
   */
  async book(ex: Executor, req: NewBooking): Promise<Booking[]> {
    const now = this.clock.now();
    const business = await getBusiness(ex, req.businessId);
    const service = await getService(ex, req.businessId, req.serviceId);
    const offering = await staffForService(ex, service.id);
    if (offering.length === 0) throw new NoStaffForService(service.id);
    return ex.transaction(async (tx) => {
      const created: Booking[] = [];
      for (const [index, session] of req.sessions.entries()) {
        const candidates = session.staffId ? [session.staffId] : offering;
        const sessionNumber = (req.plan?.firstSessionNumber ?? 1) + index;
        if (req.plan) await this.checkPlanGap(tx, business, service, { planId: req.plan.id, sessionNumber }, session.start);
        const slot = await this.checkBookable(tx, business, service, session.start, candidates, { laterPlanSession: sessionNumber > 1 });
        const booking = await this.insertOnFirstFreeStaff(tx, business, service, req, index, slot, now);
        created.push(booking);
      }
      await this.record(tx, created.map((booking) => ({ booking, kind: "created", fromStatus: null, by: req.by, at: now })));
      await this.noteChanged(tx, created.map((b) => b.id));
      return created;
    });
  }

  /** A session plan row; its sessions are booked with `book` and `plan`. */
  async createPlan(ex: Executor, args: { businessId: string; customerId: string; service: Service }): Promise<string> {
    const config = multiSessionConfigOf(args.service);
    const [plan] = await ex
      .insert(sessionGroups)
      .values({ businessId: args.businessId, customerId: args.customerId, serviceId: args.service.id, strategy: config.strategy, totalSessions: config.totalSessions, createdAt: this.clock.now() })
      .returning({ id: sessionGroups.id });
    return plan!.id;
  }

  /** Moves a live booking to a new start, keeping its staff when free, else another who offers the service. */
  async reschedule(ex: Executor, bookingId: string, newStart: Date, by: Actor): Promise<Booking> {
    const current = await this.lockBooking(ex, bookingId);
    nextStatus(bookingId, current.status, "reschedule");
    const business = await getBusiness(ex, current.businessId);
    const service = await getService(ex, current.businessId, current.serviceId);
    const offering = await staffForService(ex, service.id);
    const preferred = [current.staffId, ...offering.filter((id) => id !== current.staffId)];
    if (current.sessionGroupId && current.sessionNumber) {
      await this.checkPlanGap(ex, business, service, { planId: current.sessionGroupId, sessionNumber: current.sessionNumber, bookingId }, newStart);
    }
    const slot = await this.checkBookable(ex, business, service, newStart, preferred, { ignoreBookingId: bookingId, laterPlanSession: (current.sessionNumber ?? 1) > 1 });
    const end = new Date(newStart.getTime() + service.durationMinutes * MINUTE_MS);
    const blockedUntil = new Date(end.getTime() + business.bufferMinutes * MINUTE_MS);
    for (const staffId of orderedBy(slot.staffIds, preferred)) {
      await this.expireLapsedOverlapping(ex, staffId, newStart, blockedUntil, this.clock.now());
      try {
        const [moved] = await ex.transaction((tx) =>
          tx
            .update(bookings)
            .set({
              staffId,
              startAt: newStart,
              endAt: end,
              blockedUntil,
              rescheduleCount: sql`${bookings.rescheduleCount} + 1`,
              updatedAt: this.clock.now(),
            })
            .where(eq(bookings.id, bookingId))
            .returning(),
        );
        const detail = { previousStart: current.startAt.toISOString(), start: newStart.toISOString(), ...(staffId !== current.staffId && { previousStaffId: current.staffId, staffId }) };
        await this.record(ex, [{ booking: moved!, kind: "rescheduled", fromStatus: current.status, by, at: this.clock.now(), detail }]);
        await this.noteChanged(ex, [bookingId]);
        return moved!;
      } catch (error) {
        if (pgErrorCode(error) !== PG_EXCLUSION_VIOLATION) throw error;
      }
    }
    throw new SlotTaken(newStart);
  }

  /**
   * Applies a lifecycle action (confirm, cancel, complete, …) under a row lock, recording who did it.
   * The history's detail carries the cancel reason, and `note` when given (the staff's own words).
   */
  async transition(ex: Executor, bookingId: string, action: Exclude<BookingAction, "reschedule">, by: Actor, extra: Partial<Booking> = {}, note?: string): Promise<Booking> {
    const current = await this.lockBooking(ex, bookingId);
    const status = nextStatus(bookingId, current.status, action);
    const now = this.clock.now();
    const stamps: Partial<Booking> =
      status === "confirmed" ? { confirmedAt: now, holdExpiresAt: null } : status === "completed" ? { completedAt: now } : status === "cancelled" ? { cancelledAt: now } : {};
    const [updated] = await ex
      .update(bookings)
      .set({ ...extra, ...stamps, status, updatedAt: now })
      .where(eq(bookings.id, bookingId))
      .returning();
    const detail = { ...(extra.cancelReason && { reason: extra.cancelReason }), ...(note && { note }) };
    await this.record(ex, [{ booking: updated!, kind: EVENT_OF[action], fromStatus: current.status, by, at: now, detail }]);
    await this.noteChanged(ex, [bookingId]);
    return updated!;
  }

  /**
   * Marks every hold whose time is up as expired (only the business's, when one is given); returns
   * them. Safe with several runners (SKIP LOCKED).
   */
  async expireLapsedHolds(ex: Executor, options: { businessId?: string; limit?: number } = {}): Promise<Booking[]> {
    const now = this.clock.now();
    return ex.transaction(async (tx) => {
      const due = await tx
        .select({ id: bookings.id })
        .from(bookings)
        .where(
          and(
            options.businessId === undefined ? undefined : eq(bookings.businessId, options.businessId),
            inArray(bookings.status, ["held", "pending_payment", "pending_approval"]),
            lte(bookings.holdExpiresAt, now),
          ),
        )
        .limit(options.limit ?? 500)
        .for("update", { skipLocked: true });
      if (due.length === 0) return [];
      const before = await tx.select({ id: bookings.id, status: bookings.status }).from(bookings).where(inArray(bookings.id, due.map((d) => d.id)));
      const expired = await tx
        .update(bookings)
        .set({ status: "expired", cancelReason: expiryReason, updatedAt: now })
        .where(inArray(bookings.id, due.map((d) => d.id)))
        .returning();
      await this.record(tx, expiries(expired, before, now));
      await this.noteChanged(tx, expired.map((b) => b.id));
      return expired;
    });
  }

  /**
   * A lapsed hold still counts for the exclusion constraint until it is marked expired: mark the
   * ones in the way now, so an expired hold never blocks a new booking (the jobs tell their customers).
   */
  private async expireLapsedOverlapping(ex: Executor, staffId: string, start: Date, blockedUntil: Date, now: Date): Promise<void> {
    const before = await ex
      .select({ id: bookings.id, status: bookings.status })
      .from(bookings)
      .where(
        and(
          eq(bookings.staffId, staffId),
          inArray(bookings.status, ["held", "pending_payment", "pending_approval"]),
          lte(bookings.holdExpiresAt, now),
          lt(bookings.startAt, blockedUntil),
          gt(bookings.blockedUntil, start),
        ),
      )
      .for("update");
    if (before.length === 0) return;
    const expired = await ex
      .update(bookings)
      .set({ status: "expired", cancelReason: expiryReason, updatedAt: now })
      .where(inArray(bookings.id, before.map((b) => b.id)))
      .returning();
    await this.record(ex, expiries(expired, before, now));
    await this.noteChanged(ex, expired.map((b) => b.id));
  }

  async lockBooking(ex: Executor, bookingId: string): Promise<Booking> {
    const [row] = await ex.select().from(bookings).where(eq(bookings.id, bookingId)).for("update");
    if (!row) throw new NotFound("booking", bookingId);
    return row;
  }

  /** The slot at `start` if it is offered to one of the candidates, else why not. */
  private async checkBookable(
    ex: Executor,
    business: Business,
    service: Service,
    start: Date,
    staffIds: string[],
    options: { ignoreBookingId?: string; laterPlanSession?: boolean } = {},
  ): Promise<Slot> {
    const { ignoreBookingId } = options;
    const now = this.clock.now();
    if (start.getTime() <= now.getTime()) throw new SlotUnavailable(start, "in_the_past");
    const policy = policyFor(business, service, options.laterPlanSession);
    const window = bookableWindow(policy, now);
    if (start.getTime() < window.start) throw new SlotUnavailable(start, "too_soon");
    if (start.getTime() >= window.end) throw new SlotUnavailable(start, "beyond_horizon");
    const day = localDateOf(start, business.timezone);
    const from = zonedInstant(day, 0, business.timezone);
    const to = zonedInstant(addLocalDays(day, 1), 0, business.timezone);
    const schedules = await loadSchedules(ex, { businessId: business.id, staffIds, from, to, now, bufferMinutes: business.bufferMinutes, busySource: this.busySource, ignoreBookingId });
    const slots = availableSlots({ policy, durationMinutes: service.durationMinutes, now, from, to, staff: schedules });
    const slot = slots.find((s) => s.start.getTime() === start.getTime());
    if (slot) return slot;
    // Free by hours but not by bookings → taken; not on the schedule at all → unavailable.
    const openSlots = availableSlots({ policy, durationMinutes: service.durationMinutes, now, from, to, staff: schedules.map((s) => ({ ...s, busy: [] })) });
    if (openSlots.some((s) => s.start.getTime() === start.getTime())) throw new SlotTaken(start);
    throw new SlotUnavailable(start, "outside_hours");
  }

  /** Tries each free staff member in turn: a concurrent booking may take one between check and insert. */
  private async insertOnFirstFreeStaff(ex: Executor, business: Business, service: Service, req: NewBooking, index: number, slot: Slot, now: Date): Promise<Booking> {
    const end = new Date(slot.start.getTime() + service.durationMinutes * MINUTE_MS);
    const holds = req.status === "held" || req.status === "pending_payment";
    const pendingApproval = req.status === "pending_approval";
    const blockedUntil = new Date(end.getTime() + business.bufferMinutes * MINUTE_MS);
    for (const staffId of slot.staffIds) {
      // The staff member's own calendar may have filled this time since it was last synced.
      if (this.hooks.liveCheck && (await this.hooks.liveCheck(ex, staffId, slot.start, blockedUntil)) === "busy") continue;
      await this.expireLapsedOverlapping(ex, staffId, slot.start, blockedUntil, now);
      try {
        const [row] = await ex.transaction((tx) =>
          tx
            .insert(bookings)
            .values({
              businessId: business.id,
              serviceId: service.id,
              staffId,
              customerId: req.customerId,
              startAt: slot.start,
              endAt: end,
              blockedUntil,
              status: req.status,
              holdExpiresAt: holds ? new Date(now.getTime() + business.holdMinutes * MINUTE_MS) : pendingApproval ? approvalDeadline(now, slot.start) : null,
              sessionGroupId: req.plan?.id ?? null,
              sessionNumber: req.plan ? req.plan.firstSessionNumber + index : null,
              totalSessions: req.plan?.totalSessions ?? null,
              priceCents: req.priceCents ?? service.priceCents,
              currency: service.currency,
              paymentStatus: req.paymentStatus ?? (service.priceCents > 0 ? "at_appointment" : "none"),
              backupStartAt: index === 0 ? (req.backupStart ?? null) : null,
              packageId: req.packageId ?? null,
              promoCodeId: req.promoCodeId ?? null,
              confirmedAt: req.status === "confirmed" ? now : null,
              createdAt: now,
              updatedAt: now,
            })
            .returning(),
        );
        return row!;
      } catch (error) {
        if (pgErrorCode(error) !== PG_EXCLUSION_VIOLATION) throw error;
      }
    }
    throw new SlotTaken(slot.start);
  }
}

/**
 * The booking policy for a session. Later sessions of an immediate plan may fall beyond the
 * horizon by the plan's own gaps: the business set them (a crown three months after an implant)
 * and the customer chose only the first, which the horizon still bounds.
 */
function policyFor(business: Business, service: Service, laterPlanSession = false): BookingPolicy {
  const policy = policyOf(business);
  const config = multiSessionConfigOf(service);
  if (!laterPlanSession || config.strategy !== "immediate" || config.totalSessions < 2) return policy;
  return { ...policy, maxAdvanceDays: policy.maxAdvanceDays + planSpanDays(config) };
}

/** The customer's own words for the business, given with a booking made on the booking page (bookings.customer_notes). */
export async function recordCustomerNotes(ex: Executor, bookingIds: string[], notes: string): Promise<void> {
  if (bookingIds.length > 0) await ex.update(bookings).set({ customerNotes: notes }).where(inArray(bookings.id, bookingIds));
}

/** Records the id of the booking's event in its staff member's external calendar (Google Calendar); null when it has none any more. */
export async function recordCalendarEvent(ex: Executor, bookingId: string, eventId: string | null): Promise<void> {
  await ex.update(bookings).set({ googleEventId: eventId }).where(eq(bookings.id, bookingId));
}

export function multiSessionConfigOf(service: Service): MultiSessionConfig {
  if (service.totalSessions === null || service.strategy === null) {
    return { totalSessions: 1, strategy: "immediate", gapDays: null, minGapDays: null, sessionLabels: null };
  }
  return {
    totalSessions: service.totalSessions,
    strategy: service.strategy,
    gapDays: service.gapDays,
    minGapDays: service.minGapDays,
    sessionLabels: service.sessionLabels,
  };
}

/** History for holds that lapsed (the reason kept, so the customer is told the right thing): `before` has each one's status before it expired. */
function expiries(expired: Booking[], before: { id: string; status: BookingStatus }[], at: Date): BookingChange[] {
  return expired.map((booking) => ({ booking, kind: "expired", fromStatus: before.find((b) => b.id === booking.id)?.status ?? null, by: HOLD_EXPIRY, at, detail: { reason: booking.cancelReason } }));
}

const expiryReason = sql<string>`case when ${bookings.status} = 'pending_approval' then 'approval_expired' else 'hold_expired' end`;

/** A request awaiting approval lapses after a day, or when its time comes, whichever is first. */
function approvalDeadline(now: Date, start: Date): Date {
  return new Date(Math.min(now.getTime() + DAY_MS, start.getTime()));
}

function orderedBy(ids: string[], preference: string[]): string[] {
  return [...ids].sort((a, b) => preference.indexOf(a) - preference.indexOf(b));
}

export { InvalidTransition };

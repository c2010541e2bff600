/**
 * What staff do to bookings through the admin API, each in one transaction, with the customer
 * told on their own channel (messages queued in the transaction, delivered after it commits).
 */
import { and, eq, gt, inArray, lt } from "drizzle-orm";
import type { Booking, BookingService } from "../booking/bookingService";
import { UPCOMING_STATUSES } from "../booking/lifecycle";
import { getService } from "../booking/schedulingData";
import type { Clock } from "../clock";
import { formatPrice } from "../copy";
import type { PaymentService } from "../payments/paymentService";
import type { ConversationEngine } from "../conversation/engine";
import { toSummary } from "../conversation/bookingActors";
import type { Database, Tx } from "../db/client";
import { blockedPeriods, bookings, businesses, notifications, sessionPlans } from "../db/schema";
import { type NoticeBooking, en as notice } from "../copy";
import { type Outbox, type Tell, inTransactionTelling } from "../channels/tellAfterCommit";

export type { Outbox, Tell };

export interface AffectedBooking {
  bookingId: string;
  outcome: "moved_to_backup" | "asked_to_reschedule";
  start: Date;
  newStart?: Date;
}

export class StaffActions {
  constructor(
    private readonly deps: { database: Database; bookingService: BookingService; payments: PaymentService; engine: ConversationEngine; outbox: Outbox; clock: Clock },
  ) {}

  complete(bookingId: string): Promise<Booking> {
    return this.act(async (tx, tell) => {
      const booking = await this.deps.bookingService.transition(tx, bookingId, "complete");
      await this.afterSessionDone(tx, booking, tell);
      return booking;
    });
  }

  noShow(bookingId: string): Promise<Booking> {
    return this.act(async (tx, tell) => {
      const booking = await this.deps.bookingService.transition(tx, bookingId, "no_show");
      await this.afterSessionDone(tx, booking, tell);
      return booking;
    });
  }

  approve(bookingId: string): Promise<Booking> {
    return this.act(async (tx, tell) => {
      const booking = await this.deps.bookingService.transition(tx, bookingId, "approve");
      await tell(booking, notice.approved(await this.noticeOf(tx, booking)));
      return booking;
    });
  }

  reject(bookingId: string): Promise<Booking> {
    return this.act(async (tx, tell) => {
      const booking = await this.deps.bookingService.transition(tx, bookingId, "reject", { cancelReason: "rejected" });
      await tell(booking, notice.rejected(await this.noticeOf(tx, booking)));
      return booking;
    });
  }

  /** Cancels under the business's policy: a late cancellation keeps the fee unless staff waive it. */
  cancel(bookingId: string, reason: string | undefined, waiveFee = false): Promise<Booking> {
    return this.act(async (tx, tell) => {
      await this.deps.payments.lockPaymentOf(tx, bookingId);
      const cancelled = await this.deps.bookingService.transition(tx, bookingId, "cancel", { cancelReason: reason ?? "business" });
      const { refundCents } = await this.deps.payments.refundCancellation(tx, cancelled, waiveFee);
      const [booking] = await tx.select().from(bookings).where(eq(bookings.id, bookingId));
      const refund = refundCents > 0 ? ` ${formatPrice(refundCents, booking!.currency)} is on its way back to you.` : "";
      await tell(booking!, notice.cancelledByBusiness(await this.noticeOf(tx, booking!)) + refund);
      return booking!;
    });
  }

  reschedule(bookingId: string, start: Date): Promise<Booking> {
    return this.act(async (tx, tell) => {
      const before = await this.deps.bookingService.lockBooking(tx, bookingId);
      const moved = await this.deps.bookingService.reschedule(tx, bookingId, start);
      await tell(moved, notice.rescheduledByBusiness(await this.noticeOf(tx, moved), before.startAt));
      return moved;
    });
  }

  /**
   * Blocks a period; every live booking inside it is moved to its backup time when that is free,
   * else its customer is asked (in their conversation) to choose another time.
   */
  blockPeriod(input: { businessId: string; staffId: string | null; start: Date; end: Date; reason: string | null }): Promise<{ id: string; affected: AffectedBooking[] }> {
    return this.act(async (tx, tell) => {
      const [period] = await tx
        .insert(blockedPeriods)
        .values({ businessId: input.businessId, staffId: input.staffId, startAt: input.start, endAt: input.end, reason: input.reason })
        .returning({ id: blockedPeriods.id });
      const inside = await tx
        .select()
        .from(bookings)
        .where(
          and(
            eq(bookings.businessId, input.businessId),
            inArray(bookings.status, [...UPCOMING_STATUSES]),
            lt(bookings.startAt, input.end),
            gt(bookings.endAt, input.start),
            input.staffId ? eq(bookings.staffId, input.staffId) : undefined,
          ),
        )
        .orderBy(bookings.startAt);
      const affected: AffectedBooking[] = [];
      for (const booking of inside) affected.push(await this.resolveBlocked(tx, booking, tell));
      return { id: period!.id, affected };
    });
  }

  private async resolveBlocked(tx: Tx, booking: Booking, tell: Tell): Promise<AffectedBooking> {
    if (booking.backupStartAt) {
      try {
        const moved = await tx.transaction((sp) => this.deps.bookingService.reschedule(sp, booking.id, booking.backupStartAt!));
        await tell(moved, notice.movedToBackup(await this.noticeOf(tx, moved), booking.startAt));
        return { bookingId: booking.id, outcome: "moved_to_backup", start: booking.startAt, newStart: moved.startAt };
      } catch {
        // The backup time is taken or blocked too: fall through to asking the customer.
      }
    }
    const { replies, channel } = await this.deps.engine.dispatch(tx, booking.businessId, booking.customerId, { type: "RESCHEDULE_REQUIRED", booking: toSummary(booking) });
    for (const body of replies) await tell(booking, body, channel);
    return { bookingId: booking.id, outcome: "asked_to_reschedule", start: booking.startAt };
  }

  /** After a session: invite the next one of a sequential plan, or close a plan that is done. */
  private async afterSessionDone(tx: Tx, booking: Booking, tell: Tell): Promise<void> {
    if (!booking.sessionPlanId) return;
    await inviteNextSession(tx, this.deps.engine, booking, tell);
  }

  private async noticeOf(tx: Tx, booking: Booking): Promise<NoticeBooking> {
    const service = await getService(tx, booking.businessId, booking.serviceId);
    const [business] = await tx.select({ timezone: businesses.timezone }).from(businesses).where(eq(businesses.id, booking.businessId));
    return { serviceName: service.name, start: booking.startAt, timezone: business!.timezone, sessionNumber: booking.sessionNumber, totalSessions: booking.totalSessions };
  }

  private act<T>(work: (tx: Tx, tell: Tell) => Promise<T>): Promise<T> {
    return inTransactionTelling(this.deps.database, this.deps.outbox, work);
  }
}

/**
 * A sequential plan whose sessions so far are all done gets its next session offered, once per
 * completed session (the notification row makes admin and job runs agree). A plan with every
 * session done is marked completed.
 */
export async function inviteNextSession(tx: Tx, engine: ConversationEngine, done: Booking, tell: Tell): Promise<boolean> {
  const [plan] = await tx.select().from(sessionPlans).where(eq(sessionPlans.id, done.sessionPlanId!)).for("update");
  if (!plan || plan.status !== "active") return false;
  const sessions = await tx.select({ status: bookings.status }).from(bookings).where(eq(bookings.sessionPlanId, plan.id));
  const live = sessions.filter((s) => s.status !== "cancelled" && s.status !== "expired");
  const finished = live.filter((s) => s.status === "completed" || s.status === "no_show").length;
  if (finished >= plan.totalSessions) {
    await tx.update(sessionPlans).set({ status: "completed" }).where(eq(sessionPlans.id, plan.id));
    return false;
  }
  if (plan.strategy !== "sequential" || finished < live.length) return false;
  const claimed = await tx
    .insert(notifications)
    .values({ businessId: done.businessId, bookingId: done.id, kind: "next_session_invite" })
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  if (claimed.length === 0) return false;
  const { replies, channel } = await engine.dispatch(tx, done.businessId, done.customerId, {
    type: "INVITE_NEXT_SESSION",
    planId: plan.id,
    serviceId: plan.serviceId,
    sessionNumber: live.length + 1,
  });
  for (const body of replies) await tell(done, body, channel);
  return true;
}


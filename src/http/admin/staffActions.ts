/**
 * What staff do to bookings through the admin API: each is an operation in one transaction, with
 * the customer told on their own channel (messages queued in the transaction, delivered after it commits).
 */
import type { ManageLinks } from "../../accounts/manageLinks";
import type { Actor } from "../../booking/actor";
import type { Booking, BookingService } from "../../booking/bookingService";
import { getService } from "../../booking/schedulingData";
import { type Business, getBusiness } from "../../booking/business";
import type { LocalDate } from "../../booking/time";
import type { Clock } from "../../clock";
import type { Logger } from "../../logger";
import type { PaymentService } from "../../payments/paymentService";
import type { ConversationEngine } from "../../conversation/engine";
import type { Database, Tx } from "../../db/client";
import { type BlockInput, type PlannedBooking, blockPeriod, previewBlockPeriod } from "../../operations/blockPeriod";
import { type CancellationQuote, cancelBooking, cancellationQuote } from "../../operations/cancelBooking";
import { closeSession } from "../../operations/closeSession";
import type { OperationContext } from "../../operations/context";
import { rescheduleBooking } from "../../operations/rescheduleBooking";
import { type FreeTime, rescheduleTimes } from "../../operations/rescheduleTimes";
import { approveBooking, rejectBooking } from "../../operations/reviewBooking";
import { toSummary } from "../../operations/types";
import { type NoticeBooking, en } from "../../copy";
import { type Outbox, type Tell, inTransactionTelling } from "../../channels/tellAfterCommit";

export type { Outbox, Tell };

export interface AffectedBooking {
  bookingId: string;
  outcome: "moved_to_backup" | "asked_to_reschedule";
  start: Date;
  newStart?: Date;
}

export class StaffActions {
  constructor(
    private readonly deps: { database: Database; bookingService: BookingService; payments: PaymentService; engine: ConversationEngine; outbox: Outbox; clock: Clock; manageLinks: ManageLinks; logger: Logger },
  ) {}

  complete(bookingId: string, by: Actor): Promise<Booking> {
    return this.closeSession(bookingId, "complete", by);
  }

  noShow(bookingId: string, by: Actor): Promise<Booking> {
    return this.closeSession(bookingId, "no_show", by);
  }

  /** Confirms a booking awaiting approval; the customer is told, with the link to manage it. */
  async approve(bookingId: string, by: Actor): Promise<Booking> {
    const links = this.deps.manageLinks;
    await links.ready();
    return this.act(by, async (ctx, tell) => {
      const booking = await approveBooking(ctx, bookingId);
      await tell(booking, en.approved(await this.noticeOf(ctx.tx, booking)));
      await tell(booking, en.manageLink(links.url(booking.id)));
      return booking;
    });
  }

  /** Declines a booking awaiting approval; `note` (why, in staff's words) goes to its history, not to the customer. */
  reject(bookingId: string, by: Actor, note?: string): Promise<Booking> {
    return this.act(by, async (ctx, tell) => {
      const booking = await rejectBooking(ctx, bookingId, note);
      await tell(booking, en.rejected(await this.noticeOf(ctx.tx, booking)));
      return booking;
    });
  }

  /** Cancels under the business's policy: a late cancellation keeps the fee unless staff waive it. */
  cancel(bookingId: string, by: Actor, reason: string | undefined, waiveFee = false): Promise<Booking> {
    return this.act(by, async (ctx, tell) => {
      const { booking, refundCents } = await cancelBooking(ctx, { bookingId, reason: reason ?? "business", waiveFee });
      const told = await this.noticeOf(ctx.tx, booking);
      await tell(booking, refundCents > 0 ? en.cancelledByBusinessRefunded(told, { cents: refundCents, currency: booking.currency }) : en.cancelledByBusiness(told));
      return booking;
    });
  }

  /** What cancelling now would keep and refund: the terms `cancel` applies, changing nothing. */
  cancellationQuote(bookingId: string, by: Actor, waiveFee = false): Promise<CancellationQuote> {
    return this.read(by, (ctx) => cancellationQuote(ctx, { bookingId, waiveFee }));
  }

  /** The times the booking could be moved to on a local day of its business. */
  rescheduleTimes(business: Business, bookingId: string, day: LocalDate, by: Actor): Promise<FreeTime[]> {
    return this.read(by, (ctx) => rescheduleTimes({ ...ctx, business }, bookingId, day));
  }

  reschedule(bookingId: string, start: Date, by: Actor): Promise<Booking> {
    return this.act(by, async (ctx, tell) => {
      const { booking, previousStart } = await rescheduleBooking(ctx, bookingId, start);
      await tell(booking, en.rescheduledByBusiness(await this.noticeOf(ctx.tx, booking), previousStart));
      return booking;
    });
  }

  /**
   * Blocks a period; every live booking inside it is moved to its backup time when that is free,
   * else its customer is asked (in their conversation) to choose another time.
   */
  blockPeriod(input: BlockInput, by: Actor): Promise<{ id: string; affected: AffectedBooking[] }> {
    return this.act(by, async (ctx, tell) => {
      const { id, affected } = await blockPeriod(ctx, input);
      const told: AffectedBooking[] = [];
      for (const a of affected) {
        if (a.outcome === "moved_to_backup") {
          await tell(a.booking, en.movedToBackup(await this.noticeOf(ctx.tx, a.booking), a.previousStart));
          told.push({ bookingId: a.booking.id, outcome: a.outcome, start: a.previousStart, newStart: a.booking.startAt });
        } else {
          const { replies, channel } = await this.deps.engine.dispatch(ctx.tx, a.booking.businessId, a.booking.customerId, { type: "RESCHEDULE_REQUIRED", booking: toSummary(a.booking) });
          for (const body of replies) await tell(a.booking, body, channel);
          told.push({ bookingId: a.booking.id, outcome: a.outcome, start: a.booking.startAt });
        }
      }
      return { id, affected: told };
    });
  }

  /** What `blockPeriod(input)` would do to each booking, decided by the same code, with nothing changed and nobody told. */
  previewBlockPeriod(input: BlockInput, by: Actor): Promise<PlannedBooking[]> {
    const { bookingService, payments, clock } = this.deps;
    return this.deps.database.db.transaction((tx) => previewBlockPeriod({ tx, bookingService, payments, clock, actor: by }, input));
  }

  private closeSession(bookingId: string, outcome: "complete" | "no_show", by: Actor): Promise<Booking> {
    return this.act(by, async (ctx, tell) => {
      const { booking, invite } = await closeSession(ctx, bookingId, outcome);
      if (invite) {
        const { replies, channel } = await this.deps.engine.dispatch(ctx.tx, booking.businessId, booking.customerId, { type: "INVITE_NEXT_SESSION", ...invite });
        for (const body of replies) await tell(booking, body, channel);
      }
      return booking;
    });
  }

  private async noticeOf(tx: Tx, booking: Booking): Promise<NoticeBooking> {
    const service = await getService(tx, booking.businessId, booking.serviceId);
    const business = await getBusiness(tx, booking.businessId);
    return { serviceName: service.name, start: booking.startAt, timezone: business.timezone, sessionNumber: booking.sessionNumber, totalSessions: booking.totalSessions };
  }

  /** Work that only reads, in one transaction (a consistent view), telling no one. */
  private read<T>(actor: Actor, work: (ctx: OperationContext) => Promise<T>): Promise<T> {
    const { bookingService, payments, clock } = this.deps;
    return this.deps.database.db.transaction((tx) => work({ tx, bookingService, payments, clock, actor }));
  }

  private act<T>(actor: Actor, work: (ctx: OperationContext, tell: Tell) => Promise<T>): Promise<T> {
    const { bookingService, payments, clock } = this.deps;
    return inTransactionTelling(this.deps.database, this.deps.outbox, (tx, tell) => work({ tx, bookingService, payments, clock, actor }, tell), (error) =>
      this.deps.logger.error({ err: error }, "a staff action's follow-up failed; the jobs retry it"),
    );
  }
}

/**
 * What a customer does on their manage page: each change is an operation in one transaction, acting
 * as the customer (the chat's own operations), with the customer texted the chat's own sentence
 * (queued in the transaction, delivered after it commits).
 */
import { customerVia } from "../../booking/actor";
import type { Booking, BookingService } from "../../booking/bookingService";
import type { Business } from "../../booking/business";
import { BookingError, InvalidTransition } from "../../booking/errors";
import type { Service } from "../../booking/schedulingData";
import type { LocalDate } from "../../booking/time";
import { type Outbox, inTransactionTelling } from "../../channels/tellAfterCommit";
import type { Clock } from "../../clock";
import type { Logger } from "../../logger";
import { type BookingView, type CatalogView, en } from "../../copy";
import type { Database } from "../../db/client";
import { type CancellationQuote, cancelBooking, cancellationQuote } from "../../operations/cancelBooking";
import type { OperationContext } from "../../operations/context";
import { type CustomerBooking, type Unchangeable, loadCustomerBooking, whyUnchangeable } from "../../operations/customerBooking";
import { rescheduleBooking } from "../../operations/rescheduleBooking";
import { type FreeTime, rescheduleTimes } from "../../operations/rescheduleTimes";
import { toSummary } from "../../operations/types";
import type { PaymentService } from "../../payments/paymentService";

export type CancelResult = { kind: "cancelled" } | { kind: "unchangeable"; why: Unchangeable } | { kind: "terms_changed" };
export type MoveResult = { kind: "moved" } | { kind: "unchangeable"; why: Unchangeable } | { kind: "booking_changed" } | { kind: "not_free" };

export interface ManageDeps {
  database: Database;
  bookingService: BookingService;
  payments: PaymentService;
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
}

export class ManageActions {
  constructor(private readonly deps: ManageDeps) {}

  load(bookingId: string): Promise<CustomerBooking | undefined> {
    return loadCustomerBooking(this.deps.database.db, bookingId);
  }

  /** What cancelling `session` now would keep and refund: the terms `cancel` applies. */
  quote(session: Booking): Promise<CancellationQuote> {
    return this.read((ctx) => cancellationQuote(ctx, { bookingId: session.id }));
  }

  /** The starts `session` can move to on a local day of its business (its own time counts as free). */
  freeTimes(business: Business, session: Booking, day: LocalDate): Promise<FreeTime[]> {
    return this.read((ctx) => rescheduleTimes({ ...ctx, business }, session.id, day));
  }

  /**
   * Cancels `session` for the customer, if it is still theirs to cancel and the terms are the ones
   * they saw (`agreed` says so of the terms as they are now, with the booking locked).
   */
  async cancel(managed: CustomerBooking, session: Booking, agreed: (current: Booking, quote: CancellationQuote) => boolean): Promise<CancelResult> {
    return this.act(async (ctx, tell) => {
      // The order cancelBooking locks in (payment, then booking), so the terms checked are the terms applied.
      await ctx.payments.lockPaymentOf(ctx.tx, session.id);
      const current = await ctx.bookingService.lockBooking(ctx.tx, session.id);
      const why = whyUnchangeable(current, ctx.clock.now());
      if (why) return { kind: "unchangeable", why };
      if (!agreed(current, await cancellationQuote(ctx, { bookingId: session.id }))) return { kind: "terms_changed" };
      // The refund is decided with the cancellation and sent to Stripe once it committed.
      const { booking, feeCents, refundCents, packageCredit } = await cancelBooking(ctx, { bookingId: session.id, reason: "customer" });
      const view: BookingView = {
        ...toSummary(booking),
        ...((feeCents > 0 || refundCents > 0) && { cancellation: { feeCents, refundCents, currency: booking.currency } }),
        ...(packageCredit && { packageCredit }),
      };
      await tell(booking, en.cancelled(catalogOf(managed.business, managed.service), view));
      return { kind: "cancelled" };
    });
  }

  /** Moves `session` to `start` for the customer, if it is still theirs to move and unchanged since the page (`unchanged`). */
  async reschedule(managed: CustomerBooking, session: Booking, start: Date, unchanged: (current: Booking) => boolean): Promise<MoveResult> {
    try {
      return await this.act(async (ctx, tell) => {
        const current = await ctx.bookingService.lockBooking(ctx.tx, session.id);
        const why = whyUnchangeable(current, ctx.clock.now());
        if (why) return { kind: "unchangeable", why };
        if (!unchanged(current)) return { kind: "booking_changed" };
        const { booking } = await rescheduleBooking(ctx, session.id, start);
        await tell(booking, en.moved(catalogOf(managed.business, managed.service), toSummary(booking)));
        return { kind: "moved" };
      });
    } catch (error) {
      // Taken meanwhile, off the grid, too soon, outside a plan's gaps: the time is not free (nothing changed).
      if (error instanceof BookingError && !(error instanceof InvalidTransition)) return { kind: "not_free" };
      throw error;
    }
  }

  private read<T>(work: (ctx: OperationContext) => Promise<T>): Promise<T> {
    const { bookingService, payments, clock } = this.deps;
    return this.deps.database.db.transaction((tx) => work({ tx, bookingService, payments, clock, actor: customerVia("web") }));
  }

  private act<T>(work: (ctx: OperationContext, tell: (b: Booking, body: string) => Promise<void>) => Promise<T>): Promise<T> {
    const { bookingService, payments, clock } = this.deps;
    return inTransactionTelling(
      this.deps.database,
      this.deps.outbox,
      (tx, tell) => work({ tx, bookingService, payments, clock, actor: customerVia("web") }, (b, body) => tell(b, body)),
      (error) => this.deps.logger.error({ err: error }, "a manage page action's follow-up failed; the jobs retry it"),
    );
  }
}

/** The business as the chat's sentences read it: only the booking's own service is ever named. */
function catalogOf(business: Business, service: Service): CatalogView {
  const plan = service.totalSessions && service.strategy ? { totalSessions: service.totalSessions, strategy: service.strategy, sessionLabels: service.sessionLabels } : null;
  return {
    businessName: business.name,
    timezone: business.timezone,
    paymentsByLink: false,
    services: [{ id: service.id, name: service.name, priceCents: service.priceCents, currency: service.currency, plan, packageSessions: service.packageSessions }],
    staffNames: {},
    packageCredits: {},
  };
}

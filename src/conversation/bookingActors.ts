/**
 * The conversation machine's I/O: each invoked actor is an operation run inside the turn's
 * transaction. The machine never sees a database; the operations never see a conversation.
 */
import { fromPromise } from "xstate";
import { customerVia } from "../booking/actor";
import type { BookingService } from "../booking/bookingService";
import type { Business } from "../booking/business";
import type { Clock } from "../clock";
import type { Tx } from "../db/client";
import { PaymentProviderError } from "../payments/gateway";
import type { PaymentService } from "../payments/paymentService";
import { bookSessions } from "../operations/bookSessions";
import { cancelBooking } from "../operations/cancelBooking";
import { findTimes, previewPlan } from "../operations/findTimes";
import { upcomingBookings } from "../operations/listBookings";
import { toSummary } from "../operations/types";
import { type BookInput, type BookOutput, type BookingSummary, type ChatBookOutput, type FindTimesInput, type FindTimesOutput, type SlotOffer, TryAgainShortly } from "./types";

export interface ActorDeps {
  /** The turn's transaction: everything a turn does commits or rolls back together. */
  ex: Tx;
  bookingService: BookingService;
  payments: PaymentService;
  clock: Clock;
  business: Business;
  customerId: string;
  /** The channel the customer is texting on: the booking history names it. */
  channel: "sms" | "whatsapp";
  /** The customer's manage link for a booking (an HMAC: no I/O). */
  manageUrl: (bookingId: string) => string;
}

export function createBookingActors(deps: ActorDeps) {
  const ctx = { tx: deps.ex, bookingService: deps.bookingService, payments: deps.payments, clock: deps.clock, business: deps.business, actor: customerVia(deps.channel) };

  /** A customer's cancellation; a refund the provider could not start leaves it as it was, and the customer is asked to retry. */
  async function cancel(input: { bookingId: string }): Promise<BookingSummary> {
    try {
      const { booking, feeCents, refundCents, packageCredit } = await cancelBooking(ctx, { bookingId: input.bookingId, reason: "customer" });
      return {
        ...toSummary(booking),
        ...((feeCents > 0 || refundCents > 0) && { cancellation: { feeCents, refundCents, currency: booking.currency } }),
        ...(packageCredit && { packageCredit }),
      };
    } catch (error) {
      if (error instanceof PaymentProviderError) throw new TryAgainShortly("the refund could not be started", { cause: error });
      throw error;
    }
  }

  /**
   * A booking made carries its manage link; sessions booked together (an immediate plan, a flexible
   * batch) share the earliest one's, since the page shows every session of the plan.
   */
  function withManageLink(outcome: BookOutput): ChatBookOutput {
    if (!outcome.ok || outcome.bookings.length === 0) return outcome;
    const first = outcome.bookings.reduce((a, b) => (b.start < a.start ? b : a));
    return { ...outcome, manageUrl: deps.manageUrl(first.id) };
  }

  return {
    findTimes: fromPromise<FindTimesOutput, FindTimesInput>(({ input }) => findTimes(ctx, input)),
    previewPlan: fromPromise<(SlotOffer | null)[], { serviceId: string; first: SlotOffer; firstSessionNumber: number }>(({ input }) => previewPlan(ctx, input)),
    book: fromPromise<ChatBookOutput, BookInput>(async ({ input }) => withManageLink(await bookSessions(ctx, deps.customerId, input))),
    listBookings: fromPromise<BookingSummary[], Record<string, never>>(() => upcomingBookings(ctx, deps.customerId)),
    cancelBooking: fromPromise<BookingSummary, { bookingId: string }>(({ input }) => cancel(input)),
  };
}

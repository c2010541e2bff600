/**
 * The conversation machine's I/O: each invoked actor is an operation run inside the turn's
 * transaction. The machine never sees a database; the operations never see a conversation.
 */
import { fromPromise } from "xstate";
import { isProviderRead } from "../providerReads";
import { customerVia } from "../booking/actor";
import type { BookingService } from "../booking/bookingService";
import type { Business } from "../booking/business";
import type { Clock } from "../clock";
import type { Tx } from "../db/client";
import type { PaymentService } from "../payments/paymentService";
import { bookSessions } from "../operations/bookSessions";
import { cancelBooking } from "../operations/cancelBooking";
import { findTimes, previewPlan } from "../operations/findTimes";
import { upcomingBookings } from "../operations/listBookings";
import { toSummary } from "../operations/types";
import { type BookInput, type BookOutput, type BookingSummary, type ChatBookOutput, type FindTimesInput, type FindTimesOutput, type SlotOffer } from "./types";

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
  /**
   * An actor needs a provider's answer read outside the transaction (providerReads.ts): the machine
   * would take the error as a failure, so the turn hears of it here and runs again with the answer.
   */
  interrupted: (error: unknown) => void;
}

export function createBookingActors(deps: ActorDeps) {
  const ctx = { tx: deps.ex, bookingService: deps.bookingService, payments: deps.payments, clock: deps.clock, business: deps.business, actor: customerVia(deps.channel) };

  /** A customer's cancellation: what the policy refunds is decided with it, and sent to the provider once it committed. */
  async function cancel(input: { bookingId: string }): Promise<BookingSummary> {
    const { booking, feeCents, refundCents, packageCredit } = await cancelBooking(ctx, { bookingId: input.bookingId, reason: "customer" });
    return {
      ...toSummary(booking),
      ...((feeCents > 0 || refundCents > 0) && { cancellation: { feeCents, refundCents, currency: booking.currency } }),
      ...(packageCredit && { packageCredit }),
    };
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

  /** The actor's work, with a request for a provider's answer passed to the turn instead of to the machine alone. */
  function reporting<I, O>(work: (input: I) => Promise<O>) {
    return fromPromise<O, I>(async ({ input }) => {
      try {
        return await work(input);
      } catch (error) {
        if (isProviderRead(error)) deps.interrupted(error);
        throw error;
      }
    });
  }

  return {
    findTimes: reporting<FindTimesInput, FindTimesOutput>((input) => findTimes(ctx, input)),
    previewPlan: reporting<{ serviceId: string; first: SlotOffer; firstSessionNumber: number }, (SlotOffer | null)[]>((input) => previewPlan(ctx, input)),
    book: reporting<BookInput, ChatBookOutput>(async (input) => withManageLink(await bookSessions(ctx, deps.customerId, input))),
    listBookings: reporting<Record<string, never>, BookingSummary[]>(() => upcomingBookings(ctx, deps.customerId)),
    cancelBooking: reporting<{ bookingId: string }, BookingSummary>((input) => cancel(input)),
  };
}

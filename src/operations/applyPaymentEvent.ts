/**
 * A payment provider's event (Stripe Checkout completed, async payment succeeded, expired)
 * applied once, with what the customer must be offered when the money came too late.
 */
import { getBusiness } from "../booking/business";
import type { PaymentEvent } from "../payments/gateway";
import type { PaymentEventOutcome } from "../payments/paymentService";
import type { OperationContext } from "./context";
import { nearestFreeTimes } from "./findTimes";
import type { SlotOffer } from "./types";

/** The payment's outcome; a late payment's refund comes with the nearest free times to its lost start. */
export type AppliedPaymentEvent = Exclude<PaymentEventOutcome, { kind: "refunded_late" }> | (Extract<PaymentEventOutcome, { kind: "refunded_late" }> & { nearest: SlotOffer[] });

export async function applyPaymentEvent(ctx: OperationContext, event: PaymentEvent): Promise<AppliedPaymentEvent> {
  const outcome = await ctx.payments.applyEvent(ctx.tx, event);
  if (outcome.kind !== "refunded_late") return outcome;
  const business = await getBusiness(ctx.tx, outcome.booking.businessId);
  const nearest = await nearestFreeTimes({ ...ctx, business }, { serviceId: outcome.booking.serviceId, wanted: outcome.booking.startAt });
  return { ...outcome, nearest };
}

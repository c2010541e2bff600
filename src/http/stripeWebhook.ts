/** POST /webhooks/stripe: the signature is checked on the raw body first; each event takes effect once. */
import express, { Router } from "express";
import type { ManageLinks } from "../accounts/manageLinks";
import { systemActor } from "../booking/actor";
import type { BookingService } from "../booking/bookingService";
import { getService } from "../booking/schedulingData";
import { getBusiness } from "../booking/business";
import { type Outbox, type Tell, inTransactionTelling } from "../channels/tellAfterCommit";
import type { Clock } from "../clock";
import { en } from "../copy";
import type { Database, Tx } from "../db/client";
import type { Logger } from "../logger";
import { type AppliedPaymentEvent, applyPaymentEvent } from "../operations/applyPaymentEvent";
import { InvalidWebhookSignature, type PaymentGateway } from "../payments/gateway";
import type { PaymentService } from "../payments/paymentService";
import { problem } from "./problem";

export interface StripeWebhookDeps {
  gateway: PaymentGateway | undefined;
  payments: PaymentService;
  bookingService: BookingService;
  clock: Clock;
  database: Database;
  outbox: Outbox;
  logger: Logger;
  manageLinks: ManageLinks;
}

/**
 * Answers `{received: true, outcome}` with outcome "applied", "duplicate" (an event id seen
 * before) or "ignored"; 400 for a bad signature, 404 when payments are not configured.
 */
export function stripeWebhookRoutes(deps: StripeWebhookDeps): Router {
  const router = Router();
  router.post("/webhooks/stripe", express.raw({ type: () => true, limit: "1mb" }), async (req, res) => {
    if (!deps.gateway) throw problem(404, "Payments are not configured (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET)");
    let event;
    try {
      event = deps.gateway.parseWebhook(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), req.header("stripe-signature"));
    } catch (error) {
      if (error instanceof InvalidWebhookSignature) throw problem(400, "The Stripe-Signature header is missing or does not match the body");
      throw error;
    }
    await deps.manageLinks.ready();
    const applied = await inTransactionTelling(deps.database, deps.outbox, async (tx, tell) => {
      const result = await applyPaymentEvent({ tx, bookingService: deps.bookingService, payments: deps.payments, clock: deps.clock, actor: systemActor("payment") }, event);
      await tellCustomer(tx, result, tell, deps.manageLinks);
      return result;
    }, (error) => deps.logger.error({ err: error, eventId: event.id }, "a payment event's follow-up failed; the jobs retry it"));
    const outcome = applied.kind === "duplicate" || applied.kind === "ignored" ? applied.kind : "applied";
    deps.logger.info({ eventId: event.id, type: event.type, outcome: applied.kind }, "stripe event");
    res.json({ received: true, outcome });
  });
  return router;
}

/** What the customer hears of a payment: booked (with the link to manage it), refunded (and why), or the link lapsed. */
async function tellCustomer(tx: Tx, applied: AppliedPaymentEvent, tell: Tell, links: ManageLinks): Promise<void> {
  if (applied.kind === "duplicate" || applied.kind === "ignored") return;
  if (applied.kind === "link_expired") {
    if (applied.bookings.length > 0) await tell(applied.bookings[0]!, en.paymentLinkExpired());
    return;
  }
  if (applied.kind === "processing" || applied.kind === "payment_failed") {
    const held = applied.bookings[0];
    if (!held) return;
    const { timezone } = await getBusiness(tx, held.businessId);
    const view = { serviceName: (await getService(tx, held.businessId, held.serviceId)).name, starts: applied.bookings.map((b) => b.startAt.toISOString()), timezone };
    await tell(held, applied.kind === "processing" ? en.paymentProcessing(view) : en.delayedPaymentFailed(view));
    return;
  }
  const first = applied.kind === "confirmed" ? applied.bookings[0]! : applied.booking;
  const { timezone } = await getBusiness(tx, first.businessId);
  const serviceName = (await getService(tx, first.businessId, first.serviceId)).name;
  const refund = (cents: number, currency: string) => ({ cents, currency });
  switch (applied.kind) {
    case "confirmed": {
      await tell(first, en.paymentReceived({ serviceName, starts: applied.bookings.map((b) => b.startAt.toISOString()), timezone, ...(applied.pass && { pass: applied.pass }) }));
      // A plan's link is its first session's: the page shows every session.
      const earliest = applied.bookings.reduce((a, b) => (b.startAt < a.startAt ? b : a));
      await tell(first, en.manageLink(links.url(earliest.id)));
      const share = applied.cancelledShare;
      if (share) await tell(share.bookings[0]!, en.refundedCancelledSessions({ starts: share.bookings.map((b) => b.startAt.toISOString()), timezone }, refund(share.refundCents, share.currency)));
      return;
    }
    case "refunded_cancelled":
      await tell(first, en.paidAfterCancel({ serviceName, start: first.startAt.toISOString(), timezone }, refund(applied.refundCents, applied.currency)));
      return;
    case "refunded_late": {
      const nearest = applied.nearest.map((o) => o.start);
      await tell(first, en.paidTooLate({ start: first.startAt.toISOString(), timezone, nearest }, refund(applied.refundCents, applied.currency)));
      return;
    }
  }
}

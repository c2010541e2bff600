/** POST /webhooks/stripe: the signature is checked on the raw body first; each event takes effect once. */
import express, { Router } from "express";
import { type Outbox, inTransactionTelling } from "../channels/tellAfterCommit";
import type { Database } from "../db/client";
import type { Logger } from "../logger";
import { InvalidWebhookSignature, type PaymentGateway } from "../payments/gateway";
import type { PaymentService } from "../payments/paymentService";
import { problem } from "./problem";

export function stripeWebhookRoutes(deps: { gateway: PaymentGateway | undefined; payments: PaymentService; database: Database; outbox: Outbox; logger: Logger }): Router {
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
    const outcome = await inTransactionTelling(deps.database, deps.outbox, (tx, tell) => deps.payments.applyEvent(tx, event, tell));
    deps.logger.info({ eventId: event.id, type: event.type, outcome }, "stripe event");
    res.json({ received: true, outcome });
  });
  return router;
}

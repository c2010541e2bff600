/**
 * GET /webhooks/whatsapp (Meta's verification handshake) and POST /webhooks/whatsapp (events).
 * A delivery is checked, stored and acknowledged at once; its messages are then handled from the
 * stored rows, so a process stopped between the 200 and the reply loses nothing (stored messages
 * not yet handled are picked up at start and by the jobs).
 */
import express, { Router } from "express";
import { hasValidMetaSignature, parseMetaDelivery } from "../channels/meta/inbound";
import type { WhatsAppInbox } from "../channels/meta/inbox";
import { recordMetaStatus } from "../channels/messageStatus";
import type { Config } from "../config/config";
import type { Database } from "../db/client";
import type { Logger } from "../logger";
import { NoBusiness, businessReceiving } from "../tenancy/channels";
import { problem } from "./problem";

export function whatsappWebhookRoutes(deps: { config: Config; database: Database; inbox: WhatsAppInbox; logger: Logger }): Router {
  const router = Router();
  const { verifyToken, appSecret } = deps.config.whatsapp;

  router.get("/webhooks/whatsapp", (req, res) => {
    const mode = req.query["hub.mode"];
    const token = req.query["hub.verify_token"];
    const challenge = req.query["hub.challenge"];
    if (verifyToken && mode === "subscribe" && token === verifyToken && typeof challenge === "string") {
      res.type("text/plain").send(challenge);
      return;
    }
    res.status(403).type("text/plain").send("Forbidden");
  });

  router.post("/webhooks/whatsapp", express.raw({ type: () => true, limit: "1mb" }), async (req, res) => {
    if (!appSecret) throw problem(404, "WhatsApp Cloud API is not configured (WHATSAPP_APP_SECRET)");
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!hasValidMetaSignature(appSecret, req.header("x-hub-signature-256"), raw)) {
      throw problem(401, "The X-Hub-Signature-256 header is missing or does not match the body");
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString("utf8"));
    } catch {
      throw problem(400, "The body is not valid JSON");
    }
    const delivery = parseMetaDelivery(payload);
    const stored: string[] = [];
    for (const m of delivery.messages) {
      try {
        const business = await businessReceiving(deps.database.db, "whatsapp_phone_number_id", m.phoneNumberId);
        const id = await deps.inbox.store(business.id, m.inbound, { type: m.type, name: m.name });
        if (id) stored.push(id);
      } catch (error) {
        if (!(error instanceof NoBusiness)) throw error;
        // Acknowledged all the same: Meta would retry for days, and no business would be there to answer.
        deps.logger.warn({ wamid: m.inbound.providerMessageId, phoneNumberId: error.address }, error.message);
      }
    }
    // Meta's statuses arrive out of order too ("read" before "delivered"): they only move forward.
    for (const s of delivery.statuses) await recordMetaStatus(deps.database.db, s);
    res.status(200).json({ received: true });
    // After the acknowledgement: Meta wants an answer fast, and the stored rows are the source of truth.
    if (stored.length > 0) setImmediate(() => void deps.inbox.handle(stored).catch((error) => deps.logger.error({ err: error }, "whatsapp handling failed; the jobs will retry")));
  });

  return router;
}

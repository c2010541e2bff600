/** POST /webhooks/twilio (inbound messages → TwiML replies) and /webhooks/twilio/status (delivery updates). */
import express, { type Request, Router } from "express";
import { recordTwilioStatus } from "../channels/messageStatus";
import { type AfterCommit, collectingAfterCommit } from "../afterCommit";
import { type Outbox, finishAfterCommit } from "../channels/tellAfterCommit";
import { hasValidTwilioSignature, parseTwilioInbound, twilioRecipient, twiml, type TwilioParams } from "../channels/twilio/inbound";
import type { Config } from "../config/config";
import type { ConversationEngine } from "../conversation/engine";
import type { Database } from "../db/client";
import type { Logger } from "../logger";
import { NoBusiness, businessReceiving } from "../tenancy/channels";
import { problem } from "./problem";

/**
 * Set on the empty TwiML answered to a message no business could take, with why: "no-business"
 * (none is set up yet) or "unclaimed-address" (several are, and none claims the number), so that
 * `npm run chat` can say why the bot is silent. Twilio ignores it.
 */
export const UNANSWERED_HEADER = "x-slotline-unanswered";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function twilioWebhookRoutes(deps: { config: Config; engine: ConversationEngine; database: Database; outbox: Outbox; logger: Logger }): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: "100kb" });

  /** With the auth token set, only Twilio may call: the signature covers PUBLIC_BASE_URL + path + form. */
  function verify(req: Request): void {
    const token = deps.config.twilio.authToken;
    if (!token) return;
    const url = deps.config.publicBaseUrl + req.originalUrl;
    if (!hasValidTwilioSignature(token, req.header("x-twilio-signature"), url, (req.body ?? {}) as TwilioParams)) {
      throw problem(403, "The X-Twilio-Signature header is missing or does not match");
    }
  }

  router.post("/webhooks/twilio", form, async (req, res) => {
    verify(req);
    const inbound = parseTwilioInbound((req.body ?? {}) as TwilioParams);
    if (!inbound) throw problem(400, "A Twilio message webhook carries MessageSid and From");
    let replies: string[];
    let after: AfterCommit | undefined;
    try {
      const business = await businessReceiving(deps.database.db, "twilio_number", twilioRecipient(req.body as TwilioParams));
      const turn = await collectingAfterCommit(() => deps.engine.handleInbound(business.id, inbound));
      replies = turn.result.replies;
      after = turn.after;
    } catch (error) {
      if (!(error instanceof NoBusiness)) throw error;
      // A 500 would only make Twilio retry, and the customer would still get no answer.
      deps.logger.warn({ messageSid: inbound.providerMessageId, to: error.address }, error.message);
      res.set(UNANSWERED_HEADER, error.reason);
      replies = [];
    }
    res.type("text/xml").send(twiml(replies));
    // What the turn left for after its commit (a refund, a confirmation email) goes after the answer, which it must not delay; the jobs retry what fails here.
    if (after) void finishAfterCommit(deps.database, deps.outbox, after, (error) => deps.logger.error({ err: error, messageSid: inbound.providerMessageId }, "a turn's follow-up failed; the jobs retry it"));
  });

  router.post("/webhooks/twilio/status", form, async (req, res) => {
    verify(req);
    const params = (req.body ?? {}) as TwilioParams;
    const sid = params.MessageSid ?? params.SmsSid;
    const status = params.MessageStatus ?? params.SmsStatus;
    if (!sid || !status) throw problem(400, "A Twilio status callback carries MessageSid and MessageStatus");
    // Our own id rides in the callback URL: Twilio may call before the send's answer (and so the SID) is stored.
    const ours = typeof req.query.message === "string" && UUID.test(req.query.message) ? req.query.message : undefined;
    await recordTwilioStatus(deps.database.db, { sid, status, errorCode: params.ErrorCode ?? null, messageId: ours });
    res.status(204).end();
  });

  return router;
}

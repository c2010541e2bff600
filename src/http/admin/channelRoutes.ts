/** The addresses that route inbound messages to the business (owners only: roles.ts); set through PATCH /admin/business `channels`. */
import { Router } from "express";
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { channelClaims } from "../../db/schema";
import type { ChannelKind } from "../../tenancy/channels";
import { businessOf } from "./auth";

/** Where the provider must send this kind's inbound messages for them to reach us. */
const WEBHOOK_PATHS: Record<ChannelKind, string> = {
  twilio_number: "/webhooks/twilio",
  whatsapp_phone_number_id: "/webhooks/whatsapp",
};

export function channelRoutes(db: Db, publicBaseUrl: string): Router {
  const router = Router();

  /**
   * GET /admin/channels → `{items: [{kind: "twilio_number" | "whatsapp_phone_number_id", address, position,
   * createdAt, webhookUrl}]}`: Twilio numbers (E.164; the first sends the business's SMS) then the Meta
   * WhatsApp phone number id, each with the webhook URL its provider must call. No secrets: those are
   * the deployment's (environment variables), never the business's.
   */
  router.get("/channels", async (_req, res) => {
    const rows = await db
      .select()
      .from(channelClaims)
      .where(eq(channelClaims.businessId, businessOf(res).id))
      .orderBy(asc(channelClaims.kind), asc(channelClaims.position), asc(channelClaims.address));
    res.json({
      items: rows.map((r) => ({ kind: r.kind, address: r.address, position: r.position, createdAt: r.createdAt.toISOString(), webhookUrl: `${publicBaseUrl}${WEBHOOK_PATHS[r.kind]}` })),
    });
  });

  return router;
}

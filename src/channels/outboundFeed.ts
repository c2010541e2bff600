/**
 * What the bot sent to one phone on its own (invitations, reminders, staff notices): messages
 * that went through the outbox, which `npm run chat` shows while its customer is idle. Replies
 * given in a webhook's answer (TwiML) are not among them: they never pass through the outbox.
 */
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { customers, messages } from "../db/schema";

export interface FedMessage {
  id: string;
  channel: "sms" | "whatsapp";
  body: string;
  status: string;
  createdAt: Date;
}

/** The limit of one read: a chat polls every second, so a handful is plenty. */
const FEED_LIMIT = 100;

/**
 * Takes the database, an E.164 phone and an instant; returns the messages handed to a sender for
 * that phone (any business) created after the instant, oldest first. A message still queued
 * shows up once the outbox has tried it.
 */
export async function outboundSince(db: Db, phone: string, after: Date): Promise<FedMessage[]> {
  const rows = await db
    .select({ id: messages.id, channel: messages.channel, body: messages.body, status: messages.status, createdAt: messages.createdAt })
    .from(messages)
    .innerJoin(customers, eq(customers.id, messages.customerId))
    .where(and(eq(customers.phone, phone), eq(messages.direction, "out"), inArray(messages.channel, ["sms", "whatsapp"]), gt(messages.attempts, 0), gt(messages.createdAt, after)))
    .orderBy(asc(messages.createdAt))
    .limit(FEED_LIMIT);
  // The query keeps texts only; this tells the type so.
  return rows.flatMap((m) => (m.channel === "email" ? [] : [{ ...m, channel: m.channel }]));
}

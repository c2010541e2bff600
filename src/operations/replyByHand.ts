/**
 * Staff write to a customer by hand in a conversation they hold: the message is queued through the
 * outbox on the conversation's channel, like any message the business sends, and delivered after
 * the caller's transaction commits (never a provider call inside it).
 */
import { and, eq, sql } from "drizzle-orm";
import { NotFound } from "../booking/errors";
import type { Outbox } from "../channels/tellAfterCommit";
import { conversations, customers, messages } from "../db/schema";
import { type ConversationContext, takeoverEndsAt, userIdOf } from "./takeover";

/** The longest hand-written reply, in characters (what Twilio accepts in one message). */
export const HAND_REPLY_MAX_CHARS = 1600;

/** The customer texted STOP: nothing may be sent to them until they text START. */
export class CustomerOptedOut extends Error {
  constructor(readonly customerId: string) {
    super("This customer has opted out (texted STOP): nothing can be sent to them until they text START");
    this.name = "CustomerOptedOut";
  }
}

export interface HandReply {
  messageId: string;
  /** The outbox's verdict: queued (deliver it after the commit) or not_sent (WhatsApp's 24 h window). */
  status: "queued" | "suppressed" | "not_sent";
}

/**
 * Queues `body` (1–1600 characters, the caller checked) to the conversation's customer on its
 * channel, recorded as written by the acting user (null for an API key, marked in the payload as
 * written by hand), and holds the conversation for 24 h from now (taking it over if it was not).
 * Throws CustomerOptedOut — nothing queued, nothing changed — when the customer opted out, and
 * NotFound for an unknown (or another business's) conversation.
 */
export async function replyByHand(ctx: ConversationContext, outbox: Outbox, input: { businessId: string; conversationId: string; body: string }): Promise<HandReply> {
  // Locked first, as a customer's message locks it: a STOP arriving now is either seen here or comes after.
  const [conversation] = await ctx.tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, input.conversationId), eq(conversations.businessId, input.businessId)))
    .for("update");
  if (!conversation) throw new NotFound("conversation", input.conversationId);
  const [customer] = await ctx.tx.select({ optedOutAt: customers.optedOutAt }).from(customers).where(eq(customers.id, conversation.customerId));
  if (!customer || customer.optedOutAt) throw new CustomerOptedOut(conversation.customerId);

  const by = userIdOf(ctx.actor);
  const queued = await outbox.enqueue(ctx.tx, { businessId: input.businessId, customerId: conversation.customerId, body: input.body, channel: conversation.channel });
  await ctx.tx
    .update(messages)
    .set({ sentByUserId: by, payload: sql`coalesce(${messages.payload}, '{}'::jsonb) || '{"byHand": true}'::jsonb` })
    .where(eq(messages.id, queued.messageId));
  await ctx.tx.update(conversations).set({ takenOverByUserId: by, takenOverUntil: takeoverEndsAt(ctx.clock.now()), personRequestedAt: null }).where(eq(conversations.id, conversation.id));
  return { messageId: queued.messageId, status: queued.status as HandReply["status"] };
}

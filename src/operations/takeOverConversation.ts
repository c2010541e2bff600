/** Staff take a conversation over: the bot stays silent in it for 24 hours (see takeover.ts). */
import { and, eq } from "drizzle-orm";
import { NotFound } from "../booking/errors";
import { conversations } from "../db/schema";
import { type ConversationContext, takeoverEndsAt, userIdOf } from "./takeover";

export type ConversationRow = typeof conversations.$inferSelect;

/**
 * Takes the business's conversation over as the acting user (null for an API key) until 24 h
 * from now; taking over a thread already taken (by anyone) makes the actor its holder and starts
 * the 24 h again. The customer is told nothing. Throws NotFound for an unknown (or another business's) id.
 */
export async function takeOverConversation(ctx: ConversationContext, input: { businessId: string; conversationId: string }): Promise<ConversationRow> {
  const [row] = await ctx.tx
    .update(conversations)
    .set({ takenOverByUserId: userIdOf(ctx.actor), takenOverUntil: takeoverEndsAt(ctx.clock.now()), personRequestedAt: null })
    .where(and(eq(conversations.id, input.conversationId), eq(conversations.businessId, input.businessId)))
    .returning();
  if (!row) throw new NotFound("conversation", input.conversationId);
  return row;
}

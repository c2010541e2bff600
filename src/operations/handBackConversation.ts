/** Staff hand a conversation back to the bot, which answers the customer's next message again. */
import { and, eq } from "drizzle-orm";
import { NotFound } from "../booking/errors";
import { conversations } from "../db/schema";
import type { ConversationContext } from "./takeover";
import type { ConversationRow } from "./takeOverConversation";

/**
 * Ends any takeover of the business's conversation at once (clears who and until); handing back a
 * thread that is not taken over changes nothing. The customer is told nothing, and the bot picks
 * the conversation up where it stood. Throws NotFound for an unknown (or another business's) id.
 */
export async function handBackConversation(ctx: ConversationContext, input: { businessId: string; conversationId: string }): Promise<ConversationRow> {
  const [row] = await ctx.tx
    .update(conversations)
    .set({ takenOverByUserId: null, takenOverUntil: null, personRequestedAt: null })
    .where(and(eq(conversations.id, input.conversationId), eq(conversations.businessId, input.businessId)))
    .returning();
  if (!row) throw new NotFound("conversation", input.conversationId);
  return row;
}

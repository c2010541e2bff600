/** WhatsApp Cloud API messages: stored first, handled from the stored row, replies sent through the outbox. */
import { and, asc, eq, lte } from "drizzle-orm";
import type { Clock } from "../../clock";
import type { ConversationEngine, InboundMessage } from "../../conversation/engine";
import type { Database } from "../../db/client";
import { messages } from "../../db/schema";
import type { Logger } from "../../logger";
import { collectingAfterCommit } from "../../afterCommit";
import { finishAfterCommit, queueingTell, type Outbox } from "../tellAfterCommit";

/** A stored message older than this and still unhandled was dropped by a stopped process. */
const ORPHAN_AFTER_MS = 30_000;

export class WhatsAppInbox {
  constructor(private readonly deps: { database: Database; engine: ConversationEngine; outbox: Outbox; clock: Clock; logger: Logger }) {}

  /** Stores a message for the business it was sent to; undefined for a message seen before. */
  store(businessId: string, inbound: InboundMessage, payload: { type: string; name: string | null }): Promise<string | undefined> {
    return this.deps.engine.storeInbound(businessId, inbound, payload);
  }

  /** Handles stored messages in order; each reply is queued with its turn and delivered after it commits. */
  async handle(messageIds: string[]): Promise<number> {
    let handled = 0;
    for (const id of messageIds) {
      // The replies, and any email the turn queued (a booking's confirmation), go once it committed.
      const { result: done, after } = await collectingAfterCommit(() =>
        this.deps.engine.handleStored(id, async (tx, to, replies) => {
          const tell = queueingTell(this.deps.outbox, tx);
          for (const body of replies) await tell(to, body, to.channel);
        }),
      );
      await finishAfterCommit(this.deps.database, this.deps.outbox, after, (error) => this.deps.logger.error({ err: error, messageId: id }, "a WhatsApp turn's follow-up failed; the jobs retry it"));
      if (done) handled++;
    }
    return handled;
  }

  /** Messages stored but never handled (the process stopped after acknowledging them). */
  async recover(options: { all?: boolean } = {}): Promise<number> {
    const before = new Date(this.deps.clock.now().getTime() - (options.all ? 0 : ORPHAN_AFTER_MS));
    const orphans = await this.deps.database.db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.provider, "meta"), eq(messages.direction, "in"), eq(messages.status, "received"), lte(messages.createdAt, before)))
      .orderBy(asc(messages.createdAt))
      .limit(500);
    const handled = await this.handle(orphans.map((o) => o.id));
    if (handled > 0) this.deps.logger.info({ handled }, "handled stored WhatsApp messages left by a stopped process");
    return handled;
  }
}

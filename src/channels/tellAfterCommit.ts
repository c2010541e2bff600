/**
 * Work that tells customers something: messages are queued in the work's transaction (so they
 * exist exactly when the work committed) and delivered right after the commit.
 */
import type { Database, Tx } from "../db/client";

export interface Outbox {
  enqueue(ex: Tx, message: { businessId: string; customerId: string; body: string; channel?: "sms" | "whatsapp" }): Promise<{ messageId: string; status: string }>;
  deliver(ex: Database["db"], messageIds?: string[]): Promise<number>;
}

export type Tell = (to: { businessId: string; customerId: string }, body: string, channel?: "sms" | "whatsapp") => Promise<void>;

/** A `tell` that queues into `tx` and remembers the ids of the messages to deliver. */
export function queueingTell(outbox: Outbox, tx: Tx, queued: string[]): Tell {
  return async (to, body, channel) => {
    const { messageId, status } = await outbox.enqueue(tx, { businessId: to.businessId, customerId: to.customerId, body, channel });
    if (status === "queued") queued.push(messageId);
  };
}

export async function inTransactionTelling<T>(database: Database, outbox: Outbox, work: (tx: Tx, tell: Tell) => Promise<T>): Promise<T> {
  const queued: string[] = [];
  const result = await database.db.transaction((tx) => work(tx, queueingTell(outbox, tx, queued)));
  if (queued.length > 0) await outbox.deliver(database.db, queued);
  return result;
}

/**
 * Work that tells customers something: messages are queued in the work's transaction (so they
 * exist exactly when the work committed) and delivered right after the commit. The outbox notes
 * every id it queues in the delivery scope (deliveryScope.ts), so the ids need no list of their own.
 */
import type { Database, Tx } from "../db/client";
import { collectingQueued } from "./deliveryScope";

export interface Outbox {
  enqueue(ex: Tx, message: { businessId: string; customerId: string; body: string; channel?: "sms" | "whatsapp" }): Promise<{ messageId: string; status: string }>;
  deliver(ex: Database["db"], messageIds?: string[]): Promise<number>;
}

export type Tell = (to: { businessId: string; customerId: string }, body: string, channel?: "sms" | "whatsapp") => Promise<void>;

/** A `tell` that queues into `tx`; the outbox notes each id in the delivery scope, whose owner delivers it (the jobs deliver all that is due). */
export function queueingTell(outbox: Outbox, tx: Tx): Tell {
  return async (to, body, channel) => {
    await outbox.enqueue(tx, { businessId: to.businessId, customerId: to.customerId, body, channel });
  };
}

/** Runs `work` in a transaction; what it told (and every email its changes queued) is delivered once it committed. */
export async function inTransactionTelling<T>(database: Database, outbox: Outbox, work: (tx: Tx, tell: Tell) => Promise<T>): Promise<T> {
  const { result, queued } = await collectingQueued(() => database.db.transaction((tx) => work(tx, queueingTell(outbox, tx))));
  if (queued.length > 0) await outbox.deliver(database.db, queued);
  return result;
}

/**
 * Work that tells customers something: messages are queued in the work's transaction (so they
 * exist exactly when the work committed) and delivered right after the commit, after the provider
 * calls the work noted (a refund, a Checkout its message links to). The outbox notes every id it
 * queues in the after-commit scope (afterCommit.ts), so the ids need no list of their own.
 */
import { type AfterCommit, collectingAfterCommit, runCalls } from "../afterCommit";
import type { Database, Tx } from "../db/client";
import { withProviderReads } from "../providerReads";

export interface Outbox {
  enqueue(ex: Tx, message: { businessId: string; customerId: string; body: string; channel?: "sms" | "whatsapp" }): Promise<{ messageId: string; status: string }>;
  deliver(ex: Database["db"], messageIds?: string[]): Promise<number>;
}

export type Tell = (to: { businessId: string; customerId: string }, body: string, channel?: "sms" | "whatsapp") => Promise<void>;

/** A `tell` that queues into `tx`; the outbox notes each id in the after-commit scope, whose owner delivers it (the jobs deliver all that is due). */
export function queueingTell(outbox: Outbox, tx: Tx): Tell {
  return async (to, body, channel) => {
    await outbox.enqueue(tx, { businessId: to.businessId, customerId: to.customerId, body, channel });
  };
}

/**
 * What committed work left to do: its provider calls, then its messages. A failure is left to
 * the jobs, which find every row still due; `onError` hears of it.
 */
export async function finishAfterCommit(database: Database, outbox: Outbox, after: AfterCommit, onError: (error: unknown) => void): Promise<void> {
  await runCalls(after, onError);
  if (after.messageIds.length === 0) return;
  try {
    await outbox.deliver(database.db, after.messageIds);
  } catch (error) {
    onError(error);
  }
}

/** Runs `work` in a transaction; its provider calls, what it told and every email its changes queued follow once it committed. */
export async function inTransactionTelling<T>(database: Database, outbox: Outbox, work: (tx: Tx, tell: Tell) => Promise<T>, onError: (error: unknown) => void): Promise<T> {
  // A provider's answer the work needs (a staff calendar's free/busy) is read between tries, outside the transaction.
  const { result, after } = await collectingAfterCommit(() => withProviderReads(() => database.db.transaction((tx) => work(tx, queueingTell(outbox, tx)))));
  await finishAfterCommit(database, outbox, after, onError);
  return result;
}

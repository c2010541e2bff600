/**
 * Work that may only happen once a transaction has committed — a provider call (opening a
 * Checkout, a refund, a send) — noted deep inside that work without every caller passing a list
 * down: the work runs in a scope (Node's AsyncLocalStorage), and whoever owns the transaction runs
 * what was noted once it committed. Nothing is lost outside a scope or in a crash: each noted call
 * has a row behind it that the jobs' tick finds and completes. A call noted by a transaction that
 * rolled back finds no row and does nothing.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface AfterCommit {
  /** Provider calls for rows the work wrote (payments' pending calls). */
  calls: (() => Promise<void>)[];
  /** Outbound messages the work queued, to deliver. */
  messageIds: string[];
}

const scope = new AsyncLocalStorage<AfterCommit>();

/** Called where the intent row is written: `call` runs after the commit (never inside the transaction). */
export function callAfterCommit(call: () => Promise<void>): void {
  scope.getStore()?.calls.push(call);
}

/** Called by the outbox for each message it queued. */
export function noteQueued(messageId: string): void {
  scope.getStore()?.messageIds.push(messageId);
}

/** Runs `work` in a fresh scope; returns its result and what it left for after the commit. */
export async function collectingAfterCommit<T>(work: () => Promise<T>): Promise<{ result: T; after: AfterCommit }> {
  const after: AfterCommit = { calls: [], messageIds: [] };
  const result = await scope.run(after, work);
  return { result, after };
}

/**
 * Runs the noted provider calls one after another, each once. A call that throws is left to the
 * jobs (its row says what is still to do); `onError` hears of it.
 */
export async function runCalls(after: AfterCommit, onError: (error: unknown) => void): Promise<void> {
  const calls = after.calls.splice(0);
  for (const call of calls) {
    try {
      await call();
    } catch (error) {
      onError(error);
    }
  }
}

/**
 * Messages queued deep inside a piece of work (an email written when the booking core records a
 * change) are delivered when the work is done, without every caller passing a list down: the work
 * runs in a scope (Node's AsyncLocalStorage), the outbox notes each id it queues there, and the
 * scope's owner delivers them once the work — and so its transaction — has committed. Outside any
 * scope nothing is lost: the jobs' tick delivers whatever is still due.
 */
import { AsyncLocalStorage } from "node:async_hooks";

const scope = new AsyncLocalStorage<string[]>();

/** Called by the outbox for each message it queued. */
export function noteQueued(messageId: string): void {
  scope.getStore()?.push(messageId);
}

/** Runs `work` in a fresh scope; returns its result and the ids queued while it ran (rows of a rolled-back transaction are simply not found later). */
export async function collectingQueued<T>(work: () => Promise<T>): Promise<{ result: T; queued: string[] }> {
  const queued: string[] = [];
  const result = await scope.run(queued, work);
  return { result, queued };
}

/** For work that cannot be awaited in one piece (an HTTP request): `run` starts the scope, the returned list fills as the work goes. */
export function enterScope(run: () => void): string[] {
  const queued: string[] = [];
  scope.run(queued, run);
  return queued;
}

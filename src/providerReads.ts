/**
 * A provider's answer that a transaction needs to decide (a staff calendar's free/busy just
 * before booking), read outside it: the code that needs the answer asks for it by a key; when the
 * answer is not known yet, the transaction is rolled back, the provider is asked with no
 * transaction open (a slow provider then holds no lock and, on the embedded database, does not
 * hold up every other request), and the transaction runs again with the answer known. The same
 * turn-again pattern the conversation uses for the language model.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** Rounds of rolling back for a new answer before the work runs without more (each read is bounded, so this bounds the wait). */
const MAX_ROUNDS = 4;

interface Reads {
  answers: Map<string, unknown>;
  /** No more rounds: unknown answers are taken as unknown instead of asked for. */
  settled: boolean;
}

const scope = new AsyncLocalStorage<Reads>();

/** Thrown inside the work to have `read` made outside the transaction; never leaves withProviderReads. */
class ReadNeeded extends Error {
  constructor(
    readonly key: string,
    readonly read: () => Promise<unknown>,
  ) {
    super(`the provider's answer for ${key} is needed`);
  }
}

/** Whether an error is the request for an answer: code that turns errors into outcomes lets it through. */
export function isProviderRead(error: unknown): boolean {
  return error instanceof ReadNeeded;
}

/**
 * The provider's answer for `key`, read by `read` outside the transaction (see above). Returns
 * undefined — the caller goes ahead without it, as when the provider cannot answer — outside
 * withProviderReads, or when the work has been run again too often. `read` must never throw (a
 * failure is an answer too) and must be bounded in time.
 */
export function providerAnswer<T>(key: string, read: () => Promise<T>): T | undefined {
  const reads = scope.getStore();
  if (!reads) return undefined;
  if (reads.answers.has(key)) return reads.answers.get(key) as T;
  if (reads.settled) return undefined;
  throw new ReadNeeded(key, read);
}

/**
 * Runs `work` (which opens and commits its own transaction); each time it needs an answer not
 * known yet, the answer is read and `work` runs again. Everything `work` did before was rolled
 * back with its transaction, so it must have no other effect it cannot repeat.
 */
export async function withProviderReads<T>(work: () => Promise<T>): Promise<T> {
  const reads: Reads = { answers: new Map(), settled: false };
  for (let round = 1; ; round++) {
    reads.settled = round >= MAX_ROUNDS;
    try {
      return await scope.run(reads, work);
    } catch (error) {
      if (!(error instanceof ReadNeeded)) throw error;
      reads.answers.set(error.key, await error.read());
    }
  }
}

/**
 * The killer: while customers are being served, it lets the server live 2–6 s after it answers,
 * then SIGKILLs it (and now and then the jobs tick running beside it) and starts it again at once.
 * It keeps going until both enough kills happened and every customer is finished.
 */
import type { JobsRunner } from "./jobsRunner";
import type { ServerProcess } from "./server";
import { between, sleep } from "./timing";

export const MIN_KILLS = 10;
/** Share of kills that also take down a running jobs tick. */
const JOBS_KILL_SHARE = 0.35;

export async function killUntil(server: ServerProcess, jobs: JobsRunner, customersFinished: () => boolean): Promise<void> {
  while (server.kills < MIN_KILLS || !customersFinished()) {
    await sleep(between(2_000, 6_000));
    if (server.kills >= MIN_KILLS && customersFinished()) return;
    if (Math.random() < JOBS_KILL_SHARE) await jobs.killCurrent();
    await server.killAndRestart();
  }
}

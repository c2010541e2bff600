/**
 * `npm run jobs` as cron would run it beside the server: one tick per child process
 * (`node --import tsx scripts/jobs.ts`), one at a time, a second or two apart. The killer may end a
 * tick mid-way, as a node being drained would.
 */
import { type NodeChild, spawnNode } from "./nodeChild";
import { between, sleep } from "./timing";

export class JobsRunner {
  private current: NodeChild | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  ticks = 0;
  kills = 0;
  /** Ticks that ended with an exit code other than 0 without being killed (their output is kept). */
  readonly failures: string[] = [];

  constructor(private readonly options: { cwd: string; env: NodeJS.ProcessEnv }) {}

  /** Ticks in the background until stop(). */
  start(): void {
    this.running = this.loop();
  }

  /** Lets the running tick finish, then stops ticking. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Stops ticking and kills the running tick: the way out of a failed run. */
  async halt(): Promise<void> {
    this.stopped = true;
    await this.current?.kill();
  }

  /** Ends the tick running now, if any; true when there was one. */
  async killCurrent(): Promise<boolean> {
    const tick = this.current;
    if (!tick || tick.done) return false;
    this.kills++;
    await tick.kill();
    return true;
  }

  /** One whole tick, waited for; its exit code (null when killed). */
  async tick(): Promise<number | null> {
    const child = spawnNode("scripts/jobs.ts", this.options);
    this.current = child;
    this.ticks++;
    const code = await child.exited;
    // A tick that failed by itself (not killed) is kept by its last lines, to be printed.
    if (code !== 0 && code !== null) this.failures.push(child.output().split("\n").slice(-3).join(" | "));
    return code;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      await this.tick();
      await sleep(between(1_000, 3_000));
    }
  }
}

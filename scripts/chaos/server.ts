/**
 * The Slotline server under test, as one child process on a fixed port (PUBLIC_BASE_URL must not
 * change between lives, or Twilio's signatures would). The killer ends it with SIGKILL and
 * starts the next life at once; `start` returns when the new life answers /readyz.
 */
import { createServer } from "node:net";
import { type NodeChild, spawnNode } from "./nodeChild";
import { sleep } from "./timing";

const READY_TIMEOUT_MS = 60_000;
const READY_POLL_MS = 100;
const STOP_GRACE_MS = 10_000;

/** One life of the server, in ms since the test began: when it was started, answered, and ended. */
export interface Life {
  startedAt: number;
  readyAt?: number;
  endedAt?: number;
  /** "killed" by the killer, "stopped" cleanly, or how it ended on its own (a crash: the output's last lines). */
  end?: string;
}

export class ServerProcess {
  private child: NodeChild | undefined;
  private readonly began = Date.now();
  readonly lives: Life[] = [];
  /** How many lives were ended by SIGKILL. */
  kills = 0;
  starts = 0;
  /** How long each start took until /readyz answered, in ms. */
  readonly startMs: number[] = [];

  constructor(
    readonly port: number,
    private readonly options: { cwd: string; env: NodeJS.ProcessEnv },
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts a life and waits until it answers; throws with its output when it dies or hangs instead. */
  async start(): Promise<void> {
    const started = Date.now();
    const child = spawnNode("src/main.ts", this.options);
    const life: Life = { startedAt: started - this.began };
    this.lives.push(life);
    void child.exited.then((code) => {
      life.endedAt = Date.now() - this.began;
      life.end ??= `exited on its own (code ${code}): ${child.output().split("\n").slice(-40).join(" | ")}`;
    });
    this.child = child;
    this.starts++;
    while (Date.now() - started < READY_TIMEOUT_MS) {
      if (child.done) throw new Error(`chaos: the server exited while starting (code ${await child.exited}):\n${child.output()}`);
      if (await this.answers()) {
        this.startMs.push(Date.now() - started);
        life.readyAt = Date.now() - this.began;
        return;
      }
      await sleep(READY_POLL_MS);
    }
    await child.kill();
    throw new Error(`chaos: the server did not answer /readyz within ${READY_TIMEOUT_MS / 1000} s:\n${child.output()}`);
  }

  /** SIGKILL mid-whatever-it-was-doing, and the next life at once. */
  async killAndRestart(): Promise<void> {
    this.endLife("killed");
    await this.child?.kill();
    this.kills++;
    await this.start();
  }

  /** A clean stop (SIGTERM: requests in flight finish), so nothing changes while the checks read. */
  async stop(): Promise<void> {
    this.endLife("stopped");
    await this.child?.stop(STOP_GRACE_MS);
  }

  /** Lives that ended without the killer or a clean stop: the server crashed by itself. */
  get crashes(): Life[] {
    return this.lives.filter((life) => life.end?.startsWith("exited on its own"));
  }

  /** ms since the test began, on the same clock as the lives. */
  now(): number {
    return Date.now() - this.began;
  }

  /** An instant on that clock, in ms. */
  since(instant: Date): number {
    return instant.getTime() - this.began;
  }

  private endLife(how: string): void {
    const life = this.lives[this.lives.length - 1];
    if (life && life.end === undefined) life.end = how;
  }

  /** Whatever state it is in: used on the way out after a failure. */
  async kill(): Promise<void> {
    await this.child?.kill();
  }

  private async answers(): Promise<boolean> {
    try {
      const res = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      return res.ok;
    } catch {
      return false;
    }
  }
}

/** A port free right now on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The whole crash test runs against a wall-clock budget: a hang (a customer waiting forever, a
 * server that never comes back) must fail loudly, naming the phase it hung in, not run on.
 */

export class DeadlinePassed extends Error {
  constructor(seconds: number, phase: string) {
    super(`chaos: the ${seconds} s deadline passed during "${phase}"`);
    this.name = "DeadlinePassed";
  }
}

export class Deadline {
  private phaseName = "setup";
  private readonly endsAt: number;

  constructor(private readonly seconds: number) {
    this.endsAt = Date.now() + seconds * 1000;
  }

  /** Names what runs now, for the failure message. */
  phase(name: string): void {
    this.phaseName = name;
  }

  get remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now());
  }

  get passed(): boolean {
    return this.remainingMs === 0;
  }

  /** `work`, or DeadlinePassed when the budget runs out first (the work itself is left behind: the caller cleans up and exits). */
  async race<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlinePassed(this.seconds, this.phaseName)), this.remainingMs);
    });
    try {
      return await Promise.race([work, expired]);
    } finally {
      clearTimeout(timer);
    }
  }
}

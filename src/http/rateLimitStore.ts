/**
 * express-rate-limit's Store over the rate_limit_hits table, so every instance of the deployment
 * counts the same hits. Fixed windows: a hit counts in the window its instant falls in (the injected
 * clock's now, floored to the window length); one upsert increments it and answers the new count.
 * Rows of past windows are left for the jobs tick to delete (src/jobs/jobs.ts).
 */
import { and, eq, sql } from "drizzle-orm";
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from "express-rate-limit";
import type { Clock } from "../clock";
import type { Db } from "../db/client";
import { rateLimitHits } from "../db/schema";

export class PostgresRateLimitStore implements Store {
  /** Hits counted here are seen by every instance on the same database. */
  readonly localKeys = false;
  private windowMs = 60_000;

  /** `prefix` keeps one limiter's keys apart from another's in the shared table. */
  constructor(private readonly deps: { db: Db; clock: Clock }, readonly prefix: string) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const windowStart = this.currentWindow();
    const [row] = await this.deps.db
      .insert(rateLimitHits)
      .values({ key: this.prefix + key, windowStart, hits: 1 })
      .onConflictDoUpdate({ target: [rateLimitHits.key, rateLimitHits.windowStart], set: { hits: sql`${rateLimitHits.hits} + 1` } })
      .returning({ hits: rateLimitHits.hits });
    return { totalHits: row!.hits, resetTime: this.resetOf(windowStart) };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const windowStart = this.currentWindow();
    const [row] = await this.deps.db.select({ hits: rateLimitHits.hits }).from(rateLimitHits).where(this.inWindow(key, windowStart));
    return row && { totalHits: row.hits, resetTime: this.resetOf(windowStart) };
  }

  async decrement(key: string): Promise<void> {
    await this.deps.db
      .update(rateLimitHits)
      .set({ hits: sql`greatest(${rateLimitHits.hits} - 1, 0)` })
      .where(this.inWindow(key, this.currentWindow()));
  }

  async resetKey(key: string): Promise<void> {
    await this.deps.db.delete(rateLimitHits).where(eq(rateLimitHits.key, this.prefix + key));
  }

  private currentWindow(): Date {
    const now = this.deps.clock.now().getTime();
    return new Date(now - (now % this.windowMs));
  }

  private resetOf(windowStart: Date): Date {
    return new Date(windowStart.getTime() + this.windowMs);
  }

  private inWindow(key: string, windowStart: Date) {
    return and(eq(rateLimitHits.key, this.prefix + key), eq(rateLimitHits.windowStart, windowStart));
  }
}

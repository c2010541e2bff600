/**
 * The one limit on what the public may POST (the API's bookings and the booking page's form alike):
 * RATE_LIMIT per client address (req.ip, as TRUST_PROXY decides) per window, counted in the database
 * so every instance shares the count, and every route using it shares it too (one key prefix).
 */
import type { Request, RequestHandler, Response } from "express";
import { rateLimit } from "express-rate-limit";
import type { Clock } from "../../clock";
import type { Db } from "../../db/client";
import type { Logger } from "../../logger";
import { PostgresRateLimitStore } from "../rateLimitStore";

/** POSTs one client may make to /api/public/* and /b/* per window. */
export const RATE_LIMIT = 10;
export const RATE_WINDOW_MS = 10 * 60_000;

/** Past the limit, `answer` is called with the whole seconds until the client's window ends (by the injected clock). */
export function publicPostLimit(deps: { db: Db; clock: Clock; logger: Logger }, answer: (res: Response, retryAfterSeconds: number) => void): RequestHandler {
  return rateLimit({
    windowMs: RATE_WINDOW_MS,
    limit: RATE_LIMIT,
    skip: (req) => req.method !== "POST",
    store: new PostgresRateLimitStore({ db: deps.db, clock: deps.clock }, "public-api:"),
    // Reset times come from the injected clock, so the headers are the caller's (Retry-After), not the library's.
    legacyHeaders: false,
    standardHeaders: false,
    logger: deps.logger,
    // That check formats a stack trace, which with source maps on (npm start) parses the bundle's
    // whole map at start (~60 ms); the limiters are made once, in app setup, by construction.
    validate: { creationStack: false },
    handler: (req, res) => {
      const seconds = secondsLeft(req, deps.clock);
      res.setHeader("Retry-After", String(seconds));
      answer(res, seconds);
    },
  });
}

function secondsLeft(req: Request, clock: Clock): number {
  const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  return resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - clock.now().getTime()) / 1000)) : RATE_WINDOW_MS / 1000;
}

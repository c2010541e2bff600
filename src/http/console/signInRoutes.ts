/**
 * Signing in and out of the console: set a password from a one-time link, sign in with email and
 * password (slowed down after wrong guesses, accounts/signInThrottle.ts), change the password, read
 * who is signed in (and the CSRF token), sign out. Passwords and session ids are never logged.
 */
import { type Request, type Response, Router } from "express";
import { z } from "zod";
import { getBusiness } from "../../booking/business";
import { DECOY_HASH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from "../../accounts/passwords";
import { type Session, csrfTokenOf, endSession, endSessionsOf, sessionOf, startSession, validCsrfToken } from "../../accounts/sessions";
import { clearAccountFailures, recordFailure, retryAfterMs } from "../../accounts/signInThrottle";
import { type User, changePassword, setPasswordWithLink, userByEmail } from "../../accounts/users";
import type { Clock } from "../../clock";
import type { Config } from "../../config/config";
import type { Db } from "../../db/client";
import type { Logger } from "../../logger";
import { parseBody } from "../admin/validation";
import { problem } from "../problem";
import { clearSessionCookie, readSessionCookie, setSessionCookie } from "../sessionCookie";

const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);
const setPasswordBody = z.object({ token: z.string().min(1).max(200), password: newPassword }).strict();
const signInBody = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(MAX_PASSWORD_LENGTH) }).strict();
const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH), newPassword }).strict();

export function signInRoutes(deps: { config: Config; db: Db; clock: Clock; logger: Logger }): Router {
  const { db, clock, config } = deps;
  const router = Router();

  /** Ends the user's sessions and starts the one this response's cookie carries. */
  async function signInAnew(res: Response, user: User): Promise<void> {
    const { token } = await db.transaction(async (tx) => {
      await endSessionsOf(tx, user.id);
      return startSession(tx, user.id, clock.now());
    });
    setSessionCookie(res, token, config.publicBaseUrl);
  }

  /** The request's live session with its CSRF token checked; 401 without one, 403 without the token. */
  async function sessionFor(req: Request, csrf: "checked" | "unchecked"): Promise<Session> {
    const token = readSessionCookie(req);
    const session = token === undefined ? undefined : await sessionOf(db, token, clock.now());
    if (!session) throw problem(401, "Not signed in");
    if (csrf === "checked" && !validCsrfToken(session.token, req.header("x-csrf-token"))) throw problem(403, "Send the session's CSRF token (GET /console/api/me) in X-CSRF-Token");
    return session;
  }

  /** 429 while the account or the address is cooling down after wrong passwords. */
  async function refuseWhileThrottled(res: Response, attempt: { email: string; address: string }): Promise<void> {
    const wait = await retryAfterMs(db, attempt, clock.now());
    if (wait <= 0) return;
    res.setHeader("Retry-After", String(Math.ceil(wait / 1000)));
    throw problem(429, `Too many wrong passwords: try again in ${Math.ceil(wait / 60_000)} minutes`);
  }

  /**
   * An expired, used or replaced link is 410 Gone (not 404): the link was real, and the person
   * should ask for a new one rather than check what they typed. Telling the two apart gives a
   * guesser nothing: the token is 256 random bits.
   */
  router.post("/set-password", async (req, res) => {
    const body = parseBody(setPasswordBody, req);
    const outcome = await setPasswordWithLink(db, body.token, body.password, clock.now());
    if (outcome.kind === "unknown") throw problem(404, "This link is not valid: check it was copied whole");
    if (outcome.kind === "spent") throw problem(410, "This link has expired or was already used: ask an owner of the business for a new one");
    await signInAnew(res, outcome.user);
    res.status(204).end();
  });

  router.post("/sign-in", async (req, res) => {
    const body = parseBody(signInBody, req);
    const attempt = { email: body.email, address: req.ip ?? "unknown" };
    await refuseWhileThrottled(res, attempt);
    const user = await userByEmail(db, body.email);
    // An unknown email is checked against a decoy hash, so it takes as long as a wrong password.
    const matches = await verifyPassword(body.password, user?.passwordHash ?? DECOY_HASH);
    if (!user || user.passwordHash === null || !matches) {
      await recordFailure(db, attempt, clock.now());
      deps.logger.info({ address: attempt.address }, "console sign-in refused: wrong email or password");
      await refuseWhileThrottled(res, attempt);
      throw problem(401, "Wrong email or password");
    }
    await clearAccountFailures(db, body.email);
    const { token } = await startSession(db, user.id, clock.now());
    setSessionCookie(res, token, config.publicBaseUrl);
    res.status(204).end();
  });

  /** A signed-in user changes their password: every session of theirs ends, and this one continues under a new id. */
  router.post("/password", async (req, res) => {
    const session = await sessionFor(req, "checked");
    const body = parseBody(changePasswordBody, req);
    const attempt = { email: session.user.email, address: req.ip ?? "unknown" };
    await refuseWhileThrottled(res, attempt);
    if (session.user.passwordHash === null || !(await verifyPassword(body.currentPassword, session.user.passwordHash))) {
      await recordFailure(db, attempt, clock.now());
      throw problem(400, "The current password is wrong", { errors: [{ field: "currentPassword", message: "is not the current password" }] });
    }
    await changePassword(db, session.user.id, body.newPassword, clock.now());
    await signInAnew(res, session.user);
    res.status(204).end();
  });

  router.get("/me", async (req, res) => {
    const { user, token } = await sessionFor(req, "unchecked");
    const business = await getBusiness(db, user.businessId);
    res.json({
      user: { id: user.id, email: user.email, name: user.name, role: user.role, staffId: user.staffId },
      business: { id: business.id, name: business.name, slug: business.slug },
      // Where customers' pages live (the booking page at /b/<slug>), for links the console shows.
      publicBaseUrl: config.publicBaseUrl,
      csrfToken: csrfTokenOf(token),
    });
  });

  /** Ends this session. Without a live session there is nothing to end: 204 all the same. */
  router.post("/sign-out", async (req, res) => {
    const token = readSessionCookie(req);
    const session = token === undefined ? undefined : await sessionOf(db, token, clock.now());
    if (session) {
      if (!validCsrfToken(session.token, req.header("x-csrf-token"))) throw problem(403, "Send the session's CSRF token (GET /console/api/me) in X-CSRF-Token");
      await endSession(db, session.id);
    }
    clearSessionCookie(res, config.publicBaseUrl);
    res.status(204).end();
  });

  return router;
}

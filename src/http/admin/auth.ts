/**
 * Who may call /admin/*, and for which business: a business's API key acts on that business;
 * ADMIN_TOKEN acts on the deployment's business while there is exactly one (and, before any
 * exists, lets the first PATCH /admin/business create it); a console session cookie acts on its
 * user's business, as that user (res.locals.user, whose role roles.ts checks). Every route reads
 * its business from here, so no query can reach another business's rows.
 */
import type { Actor } from "../../booking/actor";
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler, Response } from "express";
import type { Business } from "../../booking/business";
import { getBusiness } from "../../booking/business";
import type { Clock } from "../../clock";
import type { Db } from "../../db/client";
import { apiKeys } from "../../db/schema";
import { type Session, sessionOf, validCsrfToken } from "../../accounts/sessions";
import type { User } from "../../accounts/users";
import { businessOfApiKey } from "../../tenancy/apiKeys";
import { businessCount, onlyBusiness } from "../../tenancy/channels";
import { problem } from "../problem";
import { readSessionCookie } from "../sessionCookie";

const REALM = 'Bearer realm="slotline-admin"';

/**
 * Authenticates the request and records its business (see businessOf). A request with an
 * Authorization header is a bearer request; without one, a session cookie is read. 401 for a
 * missing or wrong token or session, or ADMIN_TOKEN once the deployment holds several businesses;
 * 503 when there is no way in (neither ADMIN_TOKEN nor any API key, and no session presented).
 */
export function authenticateAdmin(deps: { adminToken: string | undefined; db: Db; clock: Clock }): RequestHandler {
  const adminDigest = deps.adminToken === undefined ? undefined : digest(deps.adminToken);
  return async (req, res, next) => {
    try {
      const cookie = req.header("authorization") === undefined ? readSessionCookie(req) : undefined;
      if (cookie !== undefined) {
        const session = await sessionOf(deps.db, cookie, deps.clock.now());
        if (!session) return next(problem(401, "Your console session has ended: sign in again"));
        res.locals.session = session;
        res.locals.user = session.user;
        res.locals.actor = { kind: "user", userId: session.user.id, name: session.user.name } satisfies Actor;
        res.locals.business = await getBusiness(deps.db, session.user.businessId);
        return next();
      }
      const presented = /^Bearer\s+(.+)$/i.exec(req.header("authorization") ?? "")?.[1]?.trim();
      if (presented?.startsWith("slk_")) {
        const key = await businessOfApiKey(deps.db, presented, deps.clock.now());
        if (!key) return next(unauthorized(res, "This API key is unknown or revoked"));
        res.locals.business = await getBusiness(deps.db, key.businessId);
        res.locals.actor = { kind: "api", name: `API key ${key.keyId.slice(0, 8)}` } satisfies Actor;
        return next();
      }
      if (adminDigest === undefined) {
        const [anyKey] = await deps.db.select({ id: apiKeys.id }).from(apiKeys).limit(1);
        if (!anyKey) return next(problem(503, "The admin API is off: set ADMIN_TOKEN, or issue a business an API key through /platform"));
        return next(unauthorized(res, "Send Authorization: Bearer <the business's API key>"));
      }
      if (!presented || !timingSafeEqual(digest(presented), adminDigest)) return next(unauthorized(res, "Send Authorization: Bearer <ADMIN_TOKEN or the business's API key>"));
      const only = await onlyBusiness(deps.db);
      if (!only && (await businessCount(deps.db)) > 1) {
        return next(unauthorized(res, "ADMIN_TOKEN acts only while the deployment has one business: use the business's API key"));
      }
      res.locals.business = only;
      res.locals.actor = { kind: "api", name: "ADMIN_TOKEN" } satisfies Actor;
      next();
    } catch (error) {
      next(error);
    }
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A state-changing request authenticated by the session cookie must carry the session's CSRF token
 * (GET /console/api/me) in X-CSRF-Token: another site can make a browser send the cookie, not
 * read the token. Bearer requests carry their credential explicitly and need none.
 */
export const requireCsrfForSessions: RequestHandler = (req, res, next) => {
  const session = res.locals.session as Session | undefined;
  if (!session || SAFE_METHODS.has(req.method)) return next();
  if (!validCsrfToken(session.token, req.header("x-csrf-token"))) return next(problem(403, "Send the session's CSRF token (GET /console/api/me) in X-CSRF-Token"));
  next();
};

/** The console user making the request; undefined for a bearer request (which acts as the business, like an owner). */
/** Who the request acts as, for the history of what it changes: the console user, or the API key / ADMIN_TOKEN. */
export function actorOf(res: Response): Actor {
  const actor = res.locals.actor as Actor | undefined;
  if (!actor) throw new Error("actorOf before authenticateAdmin");
  return actor;
}

export function userOf(res: Response): User | undefined {
  return res.locals.user as User | undefined;
}

/** The business the request acts on; 404 before any business exists. */
export function businessOf(res: Response): Business {
  const business = res.locals.business as Business | undefined;
  if (!business) throw problem(404, "No business yet: PATCH /admin/business with at least name and timezone");
  return business;
}

/** The request's business, or undefined before any exists (the first PATCH /admin/business creates it). */
export function businessIfAny(res: Response): Business | undefined {
  return res.locals.business as Business | undefined;
}

function unauthorized(res: Response, detail: string) {
  res.setHeader("WWW-Authenticate", REALM);
  return problem(401, detail);
}

/** Compares two secrets in constant time, whatever their lengths. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

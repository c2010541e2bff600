/**
 * Who may call /admin/*, and for which business: a business's API key acts on that business;
 * ADMIN_TOKEN acts on the deployment's business while there is exactly one (and, before any
 * exists, lets the first PATCH /admin/business create it). Every route reads its business from
 * here, so no query can reach another business's rows.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler, Response } from "express";
import type { Business } from "../../booking/business";
import { getBusiness } from "../../booking/business";
import type { Clock } from "../../clock";
import type { Db } from "../../db/client";
import { apiKeys } from "../../db/schema";
import { businessOfApiKey } from "../../tenancy/apiKeys";
import { businessCount, onlyBusiness } from "../../tenancy/channels";
import { problem } from "../problem";

const REALM = 'Bearer realm="slotline-admin"';

/**
 * Authenticates the request and records its business (see businessOf). 401 for a missing or
 * wrong token, or ADMIN_TOKEN once the deployment holds several businesses; 503 when neither
 * ADMIN_TOKEN nor any API key exists.
 */
export function authenticateAdmin(deps: { adminToken: string | undefined; db: Db; clock: Clock }): RequestHandler {
  const adminDigest = deps.adminToken === undefined ? undefined : digest(deps.adminToken);
  return async (req, res, next) => {
    try {
      const presented = /^Bearer\s+(.+)$/i.exec(req.header("authorization") ?? "")?.[1]?.trim();
      if (presented?.startsWith("slk_")) {
        const key = await businessOfApiKey(deps.db, presented, deps.clock.now());
        if (!key) return next(unauthorized(res, "This API key is unknown or revoked"));
        res.locals.business = await getBusiness(deps.db, key.businessId);
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
      next();
    } catch (error) {
      next(error);
    }
  };
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

import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { problem } from "../problem";

/**
 * Bearer ADMIN_TOKEN, compared in constant time (hashing first makes the lengths equal, so the
 * comparison leaks neither content nor length). Unset token: the admin API is off (503).
 */
export function requireAdminToken(adminToken: string | undefined): RequestHandler {
  const expected = adminToken === undefined ? undefined : digest(adminToken);
  return (req, res, next) => {
    if (expected === undefined) return next(problem(503, "The admin API is off: set ADMIN_TOKEN to turn it on"));
    const match = /^Bearer\s+(.+)$/i.exec(req.header("authorization") ?? "");
    if (!match || !timingSafeEqual(digest(match[1]!.trim()), expected)) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="slotline-admin"');
      return next(problem(401, "Send Authorization: Bearer <ADMIN_TOKEN>"));
    }
    next();
  };
}

/** Compares two secrets in constant time, whatever their lengths. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

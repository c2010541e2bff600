/**
 * Who may call /platform/*: whoever holds PLATFORM_TOKEN, the deployment's operator (creating
 * businesses, issuing their keys). Without the variable the platform API is off.
 */
import type { RequestHandler } from "express";
import { sameSecret } from "../admin/auth";
import { problem } from "../problem";

const REALM = 'Bearer realm="slotline-platform"';

/** 503 while PLATFORM_TOKEN is unset; 401 (with a Bearer challenge) for a missing or wrong token, compared in constant time. */
export function authenticatePlatform(platformToken: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (platformToken === undefined) return next(problem(503, "The platform API is off: set PLATFORM_TOKEN"));
    const presented = /^Bearer\s+(.+)$/i.exec(req.header("authorization") ?? "")?.[1]?.trim();
    if (!presented || !sameSecret(presented, platformToken)) {
      res.setHeader("WWW-Authenticate", REALM);
      return next(problem(401, "Send Authorization: Bearer <PLATFORM_TOKEN>"));
    }
    next();
  };
}

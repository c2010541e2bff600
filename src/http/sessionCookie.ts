/**
 * The console's session cookie: `slotline_session`, HttpOnly (no script reads it), SameSite=Lax
 * (not sent on another site's form posts), Path=/, and Secure whenever the deployment is served
 * over https. Its value is never logged.
 */
import type { Request, Response } from "express";
import { SESSION_ABSOLUTE_MS } from "../accounts/sessions";

export const SESSION_COOKIE = "slotline_session";

export function readSessionCookie(req: Request): string | undefined {
  for (const part of (req.header("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

export function setSessionCookie(res: Response, token: string, publicBaseUrl: string): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", path: "/", secure: publicBaseUrl.startsWith("https:"), maxAge: SESSION_ABSOLUTE_MS });
}

export function clearSessionCookie(res: Response, publicBaseUrl: string): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: "lax", path: "/", secure: publicBaseUrl.startsWith("https:") });
}

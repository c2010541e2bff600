/**
 * POST /internal/jobs/run: how `npm run jobs` reaches the server that holds the embedded
 * database, which only one process may open. The token is the one the server wrote into the owner
 * file of its data directory (readable by the same user only), and only this machine may call.
 */
import { type Request, Router } from "express";
import type { Services } from "../services";
import { sameSecret } from "./admin/auth";
import { problem } from "./problem";

export const LOCAL_TOKEN_HEADER = "x-slotline-local-token";
const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

export function localJobsRoutes(token: string | undefined, services: Services): Router {
  const router = Router();
  if (token === undefined) return router;
  router.post("/internal/jobs/run", async (req, res) => {
    requireLocalCaller(req, token, "npm run jobs");
    res.json(await services.runJobs());
  });
  return router;
}

/**
 * Throws 403 unless the call comes from this machine with the server's local token (the one in
 * the data directory's owner file). `who` names the tool the route is for, in the refusal.
 */
export function requireLocalCaller(req: Request, token: string, who: string): void {
  // The socket's address, not req.ip: a forwarded-for header must not make a remote call local.
  const given = req.header(LOCAL_TOKEN_HEADER);
  if (!LOOPBACK.has(req.socket.remoteAddress ?? "") || given === undefined || !sameSecret(given, token)) {
    throw problem(403, `Only ${who} on this machine may call this route`);
  }
}

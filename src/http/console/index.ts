/**
 * /console: the staff console — its sign-in API under /api and the web app (src/web/console) at
 * every other address. Every response here refuses to be framed, so no other site can overlay it.
 */
import express, { type RequestHandler, Router } from "express";
import type { Clock } from "../../clock";
import type { Config } from "../../config/config";
import type { Db } from "../../db/client";
import type { Logger } from "../../logger";
import { requireJsonBody } from "../admin/validation";
import { signInRoutes } from "./signInRoutes";
import { webAppRoutes } from "./webApp";

const neverFramed: RequestHandler = (_req, res, next) => {
  res.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
  res.setHeader("X-Frame-Options", "DENY");
  next();
};

const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader("Cache-Control", "no-store");
  next();
};

export function consoleRoutes(deps: { config: Config; db: Db; clock: Clock; logger: Logger }): Router {
  const router = Router();
  router.use(neverFramed);
  router.use("/api", noStore, requireJsonBody, express.json({ limit: "100kb" }), signInRoutes(deps));
  router.use(webAppRoutes());
  return router;
}

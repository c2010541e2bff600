import express, { Router } from "express";
import type { Clock } from "../../clock";
import type { Config } from "../../config/config";
import type { Db } from "../../db/client";
import { requireJsonBody } from "../admin/validation";
import { authenticatePlatform } from "./auth";
import { businessRoutes } from "./businessRoutes";

/** /platform/*: PLATFORM_TOKEN first, then JSON bodies of at most 100 KB. */
export function platformRoutes(deps: { config: Config; db: Db; clock: Clock }): Router {
  const router = Router();
  router.use(authenticatePlatform(deps.config.platformToken));
  router.use(requireJsonBody, express.json({ limit: "100kb" }));
  router.use(businessRoutes(deps.db, deps.clock));
  return router;
}

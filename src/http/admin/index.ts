import express, { Router } from "express";
import type { Config } from "../../config/config";
import type { Clock } from "../../clock";
import type { Database } from "../../db/client";
import type { Services } from "../../services";
import { authenticateAdmin } from "./auth";
import { jobRoutes } from "./jobRoutes";
import { operationsRoutes } from "./operationsRoutes";
import { setupRoutes } from "./setupRoutes";
import { requireJsonBody } from "./validation";

/** /admin/*: bearer token first, then JSON bodies of at most 100 KB. */
export function adminRoutes(deps: { config: Config; database: Database; services: Services; clock: Clock }): Router {
  const router = Router();
  router.use(authenticateAdmin({ adminToken: deps.config.adminToken, db: deps.database.db, clock: deps.clock }));
  router.use(requireJsonBody, express.json({ limit: "100kb" }));
  router.use(setupRoutes(deps.database.db, deps.clock));
  router.use(operationsRoutes(deps.database.db, deps.services.staffActions));
  router.use(jobRoutes(deps.services));
  return router;
}

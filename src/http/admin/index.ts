import express, { Router } from "express";
import type { Config } from "../../config/config";
import type { Clock } from "../../clock";
import type { Database } from "../../db/client";
import type { Services } from "../../services";
import { authenticateAdmin, requireCsrfForSessions } from "./auth";
import { channelRoutes } from "./channelRoutes";
import { conversationRoutes } from "./conversationRoutes";
import { jobRoutes } from "./jobRoutes";
import { notificationRoutes } from "./notificationRoutes";
import { operationsRoutes } from "./operationsRoutes";
import { planRoutes } from "./planRoutes";
import { authorizeRole } from "./roles";
import { setupRoutes } from "./setupRoutes";
import { statsRoutes } from "./statsRoutes";
import { userRoutes } from "./userRoutes";
import { requireJsonBody } from "./validation";

/** /admin/*: a bearer token or a session cookie (with its CSRF token) first, then the role's rights, then JSON bodies of at most 100 KB. */
export function adminRoutes(deps: { config: Config; database: Database; services: Services; clock: Clock }): Router {
  const router = Router();
  router.use(authenticateAdmin({ adminToken: deps.config.adminToken, db: deps.database.db, clock: deps.clock }));
  router.use(requireCsrfForSessions, authorizeRole(deps.database.db));
  router.use(requireJsonBody, express.json({ limit: "100kb" }));
  router.use(setupRoutes(deps.database.db, deps.clock));
  router.use(operationsRoutes(deps.database.db, deps.services.staffActions));
  router.use(statsRoutes(deps.database.db, deps.clock));
  router.use(planRoutes(deps.database.db));
  router.use(conversationRoutes({ database: deps.database, clock: deps.clock, outbox: deps.services.notifier }));
  router.use(jobRoutes(deps.services));
  router.use(notificationRoutes(deps.database.db, deps.clock));
  router.use(userRoutes(deps.database.db, deps.clock, deps.config.publicBaseUrl));
  router.use(channelRoutes(deps.database.db, deps.config.publicBaseUrl));
  return router;
}

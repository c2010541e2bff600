import { Router } from "express";
import type { Database } from "../db/client";

export function healthRoutes(database: Database): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    try {
      await database.ping();
      res.json({ status: "ok" });
    } catch {
      res.status(503).type("application/problem+json").send(JSON.stringify({ type: "about:blank", title: "Service Unavailable", status: 503, detail: "The database does not answer" }));
    }
  });
  return router;
}

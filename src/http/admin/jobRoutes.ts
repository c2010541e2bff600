import { Router } from "express";
import { z } from "zod";
import type { Services } from "../../services";
import { parseBody } from "./validation";

const runBody = z.object({ now: z.string().datetime({ offset: true, message: "must be an ISO 8601 date-time with an offset" }).optional() }).strict();

export function jobRoutes(services: Services): Router {
  const router = Router();
  router.post("/jobs/run", async (req, res) => {
    const body = parseBody(runBody, req);
    res.json(await services.runJobs(body.now ? new Date(body.now) : undefined));
  });
  return router;
}

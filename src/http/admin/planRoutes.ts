/** Multi-session plans for the console: GET /admin/plans. */
import { Router } from "express";
import { z } from "zod";
import { toZonedIso } from "../../booking/time";
import type { Db } from "../../db/client";
import { SESSION_GROUP_STATUSES } from "../../db/schema";
import { type PlanView, listPlans } from "../../operations/listPlans";
import { businessOf } from "./auth";
import { parseQuery } from "./validation";

const planQuery = z
  .object({
    status: z.enum(SESSION_GROUP_STATUSES).optional(),
    serviceId: z.string().uuid().optional(),
    q: z.string().trim().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();

function planJson(plan: PlanView, timezone: string) {
  const { nextStep } = plan;
  return {
    ...plan,
    createdAt: toZonedIso(plan.createdAt, timezone),
    sessions: plan.sessions.map((s) => ({ ...s, start: toZonedIso(s.start, timezone) })),
    nextStep: nextStep.kind === "session" ? { ...nextStep, start: toZonedIso(nextStep.start, timezone) } : nextStep,
  };
}

export function planRoutes(db: Db): Router {
  const router = Router();

  /**
   * GET /admin/plans?status=active|completed|cancelled&serviceId=<uuid>&q=<customer name or phone digits>&limit=1..1000 (200)
   * → {items: [{id, service: {id, name}, customer: {name, phone}, strategy: "immediate"|"sequential"|"flexible",
   *    totalSessions, status, createdAt, sessions: [{sessionNumber, label|null, bookingId, start, status}],
   *    counts: {booked, completed, noShow, cancelled, remaining},
   *    nextStep: {kind: "session", bookingId, start, sessionNumber} | {kind: "invite_after", sessionNumber}
   *      | {kind: "customer_to_book", sessionNumber} | {kind: "done"}}]}
   * Active plans first, then completed, then cancelled, newest first within each; times are ISO 8601
   * with the business's offset. What each count and step means: src/operations/listPlans.ts.
   * A bad filter is 400 naming it; a serviceId of another business simply matches nothing.
   */
  router.get("/plans", async (req, res) => {
    const q = parseQuery(planQuery, req);
    const business = businessOf(res);
    const plans = await listPlans(db, business.id, q);
    res.json({ items: plans.map((p) => planJson(p, business.timezone)) });
  });

  return router;
}

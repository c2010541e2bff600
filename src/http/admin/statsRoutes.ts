/** The business's numbers day by day, for the console's dashboard. */
import { Router } from "express";
import { DateTime } from "luxon";
import { z } from "zod";
import type { Clock } from "../../clock";
import type { Db } from "../../db/client";
import { dailyStats, resolvePeriod } from "../../operations/dailyStats";
import { problem } from "../problem";
import { businessOf } from "./auth";
import { parseQuery } from "./validation";

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine((s) => DateTime.fromISO(s).isValid, "must be a real calendar date")
  .transform((s) => {
    const [year, month, day] = s.split("-").map(Number) as [number, number, number];
    return { year, month, day };
  });

const dailyQuery = z.object({ from: localDate.optional(), to: localDate.optional() }).strict();

export function statsRoutes(db: Db, clock: Clock): Router {
  const router = Router();

  /**
   * GET /admin/stats/daily?from=YYYY-MM-DD&to=YYYY-MM-DD (local dates in the business's zone, both
   * included; default the 30 days up to today, at most 366) →
   * {from, to, today, timezone, currency,
   *  days: [{date, made: {<status>: n}, appointments: {<status>: n}, revenueCents, refundsCents}] (every date, in order),
   *  totals: {made, appointments, revenueCents, refundsCents, otherCurrencies: [{currency, revenueCents, refundsCents}],
   *           conversion: {customersWhoWrote, customersWhoBooked, rate}, noShows: {noShow, completed, rate},
   *           plans: {started, completed, cancelled, rate}, llm: {turns, understood, failed, promptTokens, completionTokens}}}.
   * `made` counts bookings by the day they were created, `appointments` by the day they start,
   * each by its status now; money is integer cents in `currency` (see operations/dailyStats.ts
   * for which day a payment and a refund count on); rates are fractions 0–1 to three decimals.
   * A bad date, `to` before `from` or a longer period: 400 naming the field.
   */
  router.get("/stats/daily", async (req, res) => {
    const query = parseQuery(dailyQuery, req);
    const business = businessOf(res);
    const outcome = resolvePeriod(query, clock.now(), business.timezone);
    if (outcome.kind === "invalid") throw problem(400, "The request query is not valid", { errors: [{ field: outcome.field, message: outcome.message }] });
    res.json(await dailyStats(db, business, outcome.period));
  });

  return router;
}

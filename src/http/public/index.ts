/**
 * /api/public/*: what the booking page (and anyone's own booking widget) reads and posts, without
 * credentials. A business is named by its slug; an unknown slug is 404. Every POST counts towards
 * RATE_LIMIT per client address (req.ip, as TRUST_PROXY decides) per window, shared by every
 * instance through the database (429 with Retry-After past it).
 */
import express, { type Request, type Response, Router } from "express";
import { z } from "zod";
import { customerVia } from "../../booking/actor";
import type { Business } from "../../booking/business";
import { type LocalDate, daysBetween, toZonedIso } from "../../booking/time";
import type { Clock } from "../../clock";
import type { Config } from "../../config/config";
import type { Database, Tx } from "../../db/client";
import type { Logger } from "../../logger";
import { type OnlineBookingOutcome, onlineBookingSchema } from "../../operations/bookOnline";
import { freeTimesByDay } from "../../operations/freeTimesByDay";
import { bookableService, publicCatalog } from "../../operations/publicCatalog";
import type { Services } from "../../services";
import { businessBySlug } from "../../tenancy/businesses";
import { parseBody, parseQuery, requireJsonBody } from "../admin/validation";
import { problem, sendProblem } from "../problem";
import { bookOnlineAndConfirm } from "./onlineBooking";
import { RATE_LIMIT, RATE_WINDOW_MS, publicPostLimit } from "./rateLimit";

/** The longest availability range: `to` at most this many days after `from`. */
export const MAX_RANGE_DAYS = 62;

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date, YYYY-MM-DD")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "is not a calendar date");

const availabilityQuery = z
  .object({ serviceId: z.string().uuid("must be the id of one of the business's services"), from: localDate, to: localDate })
  .strict()
  .superRefine((q, ctx) => {
    const days = daysBetween(parseLocalDate(q.from), parseLocalDate(q.to));
    if (days < 0) ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
    if (days > MAX_RANGE_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: `must be at most ${MAX_RANGE_DAYS} days after from` });
  });

function parseLocalDate(text: string): LocalDate {
  const [year, month, day] = text.split("-").map(Number);
  return { year: year!, month: month!, day: day! };
}

export function publicApiRoutes(deps: { config: Config; database: Database; clock: Clock; logger: Logger; services: Services }): Router {
  const { database, clock, services } = deps;
  const db = database.db;
  const router = Router();

  router.use(publicPostLimit({ db, clock, logger: deps.logger }, tooManyRequests));
  router.use(requireJsonBody, express.json({ limit: "100kb" }));

  async function businessOf(req: Request): Promise<Business> {
    const business = await businessBySlug(db, String(req.params.slug ?? ""));
    if (!business) throw problem(404, `No business at ${req.params.slug}`);
    return business;
  }

  const context = (tx: Tx, business: Business) => ({
    tx,
    bookingService: services.bookingService,
    payments: services.payments,
    clock,
    actor: customerVia("web"),
    business,
  });

  /**
   * GET /api/public/:slug → {business: {name, timezone, currency, address, contactEmail, requireEmail,
   * country, cancellation: {freeUntilHours, lateFeePercent}}, services: [{id, name, durationMinutes,
   * priceCents, currency, requiresPayment, multiSession?: {strategy, totalSessions, gapDays?, minGapDays?,
   * sessionLabels?}, packageSessions?}]}: active services only; money in cents of `currency`.
   */
  router.get("/:slug", async (req, res) => {
    const business = await businessOf(req);
    res.json(await publicCatalog(db, business));
  });

  /**
   * GET /api/public/:slug/availability?serviceId=&from=YYYY-MM-DD&to=YYYY-MM-DD → {timezone, days:
   * {"YYYY-MM-DD": [{start, end}]}}: the business's local days from `from` to `to` inclusive (`to` at
   * most 62 days after `from`, else 400 naming `to`), each with its free times as ISO instants with the
   * business's offset. Every day of the range is listed, an empty list when nothing is free; days
   * before today (business zone) are left out (a `from` in the past starts today). An immediate plan
   * lists only starts whose whole schedule is free. A serviceId that is not an active service of the
   * business is 400 naming it.
   */
  router.get("/:slug/availability", async (req, res) => {
    const business = await businessOf(req);
    const q = parseQuery(availabilityQuery, req);
    const answer = await db.transaction(async (tx) => {
      const service = await bookableService(tx, business.id, q.serviceId);
      if (!service) throw problem(400, "The request query is not valid", { errors: [{ field: "serviceId", message: "is not a service of this business" }] });
      return freeTimesByDay(context(tx, business), service, { from: parseLocalDate(q.from), to: parseLocalDate(q.to) });
    });
    res.json(answer);
  });

  /**
   * POST /api/public/:slug/bookings {serviceId, start, starts?: [ISO] (a flexible plan's batch, with
   * start), name, phone (as typed: read in the business's country unless it starts with +), email?
   * (required when the business sets requireEmail), promoCode?, notes? (≤ 500)} → 201 {id, status,
   * checkoutUrl?, manageUrl}. `status` is confirmed, pending_approval (the business approves bookings)
   * or pending_payment (pay at `checkoutUrl` before the hold lapses); an immediate plan books its whole
   * schedule and `id` is its first session. The customer is texted the confirmation with `manageUrl`.
   * A time not free is 409 with `alternatives` (the nearest free starts, ISO with the business's offset);
   * bad input is 400 naming the fields; a payment page that cannot be opened is 502, nothing booked.
   */
  router.post("/:slug/bookings", async (req, res) => {
    const business = await businessOf(req);
    const body = parseBody(onlineBookingSchema, req);
    const outcome = await bookOnlineAndConfirm(
      { database, bookingService: services.bookingService, payments: services.payments, outbox: services.notifier, clock, logger: deps.logger, publicBaseUrl: deps.config.publicBaseUrl, sessionSecret: services.sessionSecret },
      business,
      body,
    );
    answerBooking(res, outcome, business.timezone);
  });

  return router;
}

function answerBooking(res: Response, outcome: OnlineBookingOutcome, timezone: string): void {
  switch (outcome.kind) {
    case "booked":
      res.status(201).json({ id: outcome.id, status: outcome.status, ...(outcome.checkoutUrl && { checkoutUrl: outcome.checkoutUrl }), manageUrl: outcome.manageUrl });
      return;
    case "invalid":
      throw problem(400, "The request body is not valid", { errors: outcome.errors });
    case "not_free": {
      const alternatives = outcome.alternatives.map((start) => toZonedIso(new Date(start), timezone));
      const failedStart = outcome.failedStart && toZonedIso(new Date(outcome.failedStart), timezone);
      if (outcome.reason === "plan_incomplete") {
        throw problem(409, "A later session of this plan finds no free time within the booking window; nothing was booked", { type: "urn:slotline:plan-incomplete", alternatives });
      }
      const taken = outcome.reason === "taken";
      const detail = `${failedStart ?? "That time"} ${taken ? "is already taken" : "cannot be booked"}; nothing was booked`;
      throw problem(409, detail, { type: taken ? "urn:slotline:slot-taken" : "urn:slotline:slot-unavailable", ...(failedStart && { failedStart }), alternatives });
    }
    case "refused":
      throw problem(409, outcome.detail);
  }
}

/** 429 problem+json (Retry-After is set). */
function tooManyRequests(res: Response, seconds: number): void {
  sendProblem(res, { title: "Too Many Requests", status: 429, detail: `At most ${RATE_LIMIT} requests of this kind per ${RATE_WINDOW_MS / 60_000} minutes from one address; try again in ${seconds} seconds.` });
}

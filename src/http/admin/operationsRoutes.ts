/** Day-to-day: bookings and what staff do to them, blocked periods, the message log, stats. */
import { type Request, type Response, Router } from "express";
import { and, asc, eq, gt, gte, inArray, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import type { StaffActions } from "./staffActions";
import type { Actor } from "../../booking/actor";
import type { Booking } from "../../booking/bookingService";
import type { Business } from "../../booking/business";
import { customerMatches } from "../../booking/customers";
import { BOOKING_STATUSES, blockedPeriods, bookingEvents, bookings, customers, messages, payments, services, staff } from "../../db/schema";
import type { Db } from "../../db/client";
import { businessStats } from "../../operations/businessStats";
import { problem } from "../problem";
import { actorOf, businessOf } from "./auth";
import { type PaymentView, blockedPeriodJson, bookingEventJson, bookingJson } from "./serializers";
import { idParam, parseBody, parseQuery } from "./validation";
import { toZonedIso } from "../../booking/time";
import type { BlockInput } from "../../operations/blockPeriod";

const isoInstant = z.string().datetime({ offset: true, message: "must be an ISO 8601 date-time with an offset, e.g. 2026-03-03T15:00:00-05:00" });
const uuid = z.string().uuid();
/**
 * A customer's number in a query string. An unencoded `?phone=+1555…` reaches us as " 1555…" (a
 * `+` in a query means a space), so a leading space before the digits is read back as the `+`.
 */
const phoneQuery = z.preprocess(
  (v) => (typeof v === "string" ? v.replace(/^ (?=\d)/, "+") : v),
  z.string().regex(/^\+[1-9]\d{6,14}$/, "must be E.164, e.g. +15551234567 (%2B15551234567 in a URL)"),
);

const bookingQuery = z
  .object({
    status: z.enum(BOOKING_STATUSES).optional(),
    from: isoInstant.optional(),
    to: isoInstant.optional(),
    phone: phoneQuery.optional(),
    serviceId: uuid.optional(),
    sessionGroupId: uuid.optional(),
    q: z.string().trim().min(1, "must not be empty").max(100).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();

const cancelBody = z.object({ reason: z.string().trim().max(500).optional(), waiveFee: z.boolean().optional() }).strict();
const rescheduleBody = z.object({ start: isoInstant }).strict();
const rejectBody = z.object({ reason: z.string().trim().max(500).optional() }).strict();
const cancellationQuery = z.object({ waiveFee: z.enum(["true", "false"]).optional() }).strict();
const freeTimesQuery = z
  .object({
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date, YYYY-MM-DD")
      .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "is not a calendar date"),
  })
  .strict();
const blockedBody = z
  .object({ staffId: uuid.optional(), start: isoInstant, end: isoInstant, reason: z.string().trim().max(500).optional() })
  .strict()
  // A bad start is named by itself; end is compared only with a start that parses.
  .refine((b) => Number.isNaN(Date.parse(b.start)) || new Date(b.start) < new Date(b.end), { message: "must be after start", path: ["end"] });
const messagesQuery = z.object({ phone: phoneQuery }).strict();
const periodQuery = z
  .object({ from: isoInstant, to: isoInstant, staffId: uuid.optional() })
  .strict()
  .refine((q) => new Date(q.from) < new Date(q.to), { message: "must be after from", path: ["to"] });

export function operationsRoutes(db: Db, actions: StaffActions): Router {
  const router = Router();

  async function bookingView(business: Business, rows: Booking[]) {
    const customerIds = [...new Set(rows.map((r) => r.customerId))];
    const people = customerIds.length === 0 ? [] : await db.select().from(customers).where(inArray(customers.id, customerIds));
    // A payment can cover several bookings (every session of a plan): each shows the one that covers it.
    const paymentIds = [...new Set(rows.flatMap((r) => (r.paymentId ? [r.paymentId] : [])))];
    const paid = paymentIds.length === 0 ? [] : await db.select().from(payments).where(inArray(payments.id, paymentIds));
    return rows.map((r) => {
      const person = people.find((p) => p.id === r.customerId)!;
      const payment = paid.find((p) => p.id === r.paymentId);
      const view: PaymentView | undefined = payment
        ? { status: payment.status, amountCents: payment.amountCents, currency: payment.currency, url: payment.url, refundedCents: payment.refundedCents }
        : undefined;
      return bookingJson(r, { phone: person.phone, name: person.name }, business.timezone, view);
    });
  }

  /**
   * GET /admin/bookings?status&from&to&phone&serviceId&sessionGroupId&q&limit → {items: [booking]}, soonest
   * first. `q` (1–100 characters) finds customers by name (a case-insensitive part of it) or, when it is
   * only digits, spaces and + ( ) - ., by a run of digits of their number ("555 0107" finds +15550107001).
   */
  router.get("/bookings", async (req, res) => {
    const q = parseQuery(bookingQuery, req);
    const business = businessOf(res);
    let customerId: string | undefined;
    if (q.phone) {
      const [person] = await db.select().from(customers).where(and(eq(customers.businessId, business.id), eq(customers.phone, q.phone)));
      if (!person) return res.json({ items: [] });
      customerId = person.id;
    }
    const rows = await db
      .select()
      .from(bookings)
      .where(
        and(
          eq(bookings.businessId, business.id),
          q.status ? eq(bookings.status, q.status) : undefined,
          q.from ? gte(bookings.startAt, new Date(q.from)) : undefined,
          q.to ? lt(bookings.startAt, new Date(q.to)) : undefined,
          customerId ? eq(bookings.customerId, customerId) : undefined,
          q.serviceId ? eq(bookings.serviceId, q.serviceId) : undefined,
          q.sessionGroupId ? eq(bookings.sessionGroupId, q.sessionGroupId) : undefined,
          q.q ? inArray(bookings.customerId, db.select({ id: customers.id }).from(customers).where(and(eq(customers.businessId, business.id), customerMatches(q.q)))) : undefined,
        ),
      )
      .orderBy(asc(bookings.startAt))
      .limit(q.limit);
    res.json({ items: await bookingView(business, rows) });
  });

  /** The business's booking with the id in the path; another business's booking is as unknown as none (404). */
  async function ownBooking(req: Request, res: Response): Promise<{ business: Business; booking: Booking }> {
    const business = businessOf(res);
    const id = idParam(req, "booking");
    const [booking] = await db.select().from(bookings).where(and(eq(bookings.id, id), eq(bookings.businessId, business.id)));
    if (!booking) throw problem(404, `No booking with id ${id}`);
    return { business, booking };
  }

  router.get("/bookings/:id", async (req, res) => {
    const { business, booking } = await ownBooking(req, res);
    res.json((await bookingView(business, [booking]))[0]);
  });

  /**
   * GET /admin/bookings/:id/history → {items: [{at, kind, fromStatus, toStatus, actor: {kind, name, userId}, detail}]}:
   * what happened to the booking, oldest first (times in the business's offset). `kind` is one of
   * created, confirmed, approved, rejected, cancelled, completed, no_show, expired, revived, rescheduled;
   * `actor.kind` customer, user (a console user: name and userId), api (an API key or ADMIN_TOKEN) or system
   * (hold expiry, payment); `detail` e.g. {reason} or {previousStart, start} (UTC ISO). 404 for an unknown id.
   */
  router.get("/bookings/:id/history", async (req, res) => {
    const { business, booking } = await ownBooking(req, res);
    const rows = await db.select().from(bookingEvents).where(eq(bookingEvents.bookingId, booking.id)).orderBy(asc(bookingEvents.at), asc(bookingEvents.id));
    res.json({ items: rows.map((e) => bookingEventJson(e, business.timezone)) });
  });

  /**
   * GET /admin/bookings/:id/emails → {items: [{id, to, recipient: "customer"|"staff", kind, status, errorCode,
   * attempts, body, createdAt}]}: the emails about the booking, oldest first. `kind` says which notice
   * (confirmed, rescheduled, cancelled, reminder, staffNewBooking, …); `status` queued, sending,
   * retrying, sent, logged, failed or suppressed; a refused address keeps the server's reply in
   * `errorCode` (e.g. "550 5.1.1 No such user"); `body` is the plain-text part once written. 404 for an unknown id.
   */
  router.get("/bookings/:id/emails", async (req, res) => {
    const { business, booking } = await ownBooking(req, res);
    const rows = await db
      .select()
      .from(messages)
      .where(and(eq(messages.businessId, business.id), eq(messages.bookingId, booking.id), eq(messages.channel, "email")))
      .orderBy(asc(messages.createdAt), asc(messages.id));
    res.json({
      items: rows.map((m) => ({
        id: m.id,
        to: m.address,
        recipient: m.recipient,
        kind: (m.payload as { notice?: { kind?: string } } | null)?.notice?.kind ?? null,
        status: m.status,
        errorCode: m.errorCode,
        attempts: m.attempts,
        body: m.body,
        createdAt: m.createdAt.toISOString(),
      })),
    });
  });

  const action = (path: string, run: (id: string, by: Actor) => Promise<Booking>) =>
    router.post(`/bookings/:id/${path}`, async (req, res) => {
      const { business, booking } = await ownBooking(req, res);
      res.json((await bookingView(business, [await run(booking.id, actorOf(res))]))[0]);
    });

  action("complete", (id, by) => actions.complete(id, by));
  action("no-show", (id, by) => actions.noShow(id, by));
  action("approve", (id, by) => actions.approve(id, by));
  /** POST /admin/bookings/:id/reject {reason?} (≤ 500 characters): kept in the history as the note; the cancel reason stays "rejected". */
  router.post("/bookings/:id/reject", async (req, res) => {
    const { business, booking } = await ownBooking(req, res);
    const body = parseBody(rejectBody, req);
    const rejected = await actions.reject(booking.id, actorOf(res), body.reason || undefined);
    res.json((await bookingView(business, [rejected]))[0]);
  });

  /**
   * GET /admin/bookings/:id/cancellation[?waiveFee=true] → {late, freeUntil, feeCents, refundCents, currency, packageCredit?}:
   * what cancelling now would keep and refund (cents), by the same terms POST …/cancel applies; `freeUntil`
   * (ISO, the business's offset) is the last moment it is free. 409 when the booking can no longer be cancelled.
   */
  router.get("/bookings/:id/cancellation", async (req, res) => {
    const { business, booking } = await ownBooking(req, res);
    const q = parseQuery(cancellationQuery, req);
    const quote = await actions.cancellationQuote(booking.id, actorOf(res), q.waiveFee === "true");
    res.json({ ...quote, freeUntil: toZonedIso(quote.freeUntil, business.timezone) });
  });

  /**
   * GET /admin/bookings/:id/free-times?date=YYYY-MM-DD → {items: [{start, end, staffId}]}: the starts the booking
   * can be moved to on that local date of the business (ISO with its offset), earliest first; its own time
   * does not count against it, a plan's minimum gaps are kept. 409 when the booking can no longer be moved.
   */
  router.get("/bookings/:id/free-times", async (req, res) => {
    const { business, booking } = await ownBooking(req, res);
    const q = parseQuery(freeTimesQuery, req);
    const [year, month, day] = q.date.split("-").map(Number) as [number, number, number];
    const times = await actions.rescheduleTimes(business, booking.id, { year, month, day }, actorOf(res));
    res.json({ items: times.map((t) => ({ start: toZonedIso(t.start, business.timezone), end: toZonedIso(t.end, business.timezone), staffId: t.staffId })) });
  });
  router.post("/bookings/:id/cancel", async (req, res) => {
    const { business, booking } = await ownBooking(req, res);
    const body = parseBody(cancelBody, req);
    const cancelled = await actions.cancel(booking.id, actorOf(res), body.reason, body.waiveFee ?? false);
    res.json((await bookingView(business, [cancelled]))[0]);
  });
  router.post("/bookings/:id/reschedule", async (req, res) => {
    const { business, booking } = await ownBooking(req, res);
    const body = parseBody(rescheduleBody, req);
    const moved = await actions.reschedule(booking.id, new Date(body.start), actorOf(res));
    res.json((await bookingView(business, [moved]))[0]);
  });

  /**
   * GET /admin/blocked-periods?from&to[&staffId] → {items: [{id, staffId (null: the whole business), start, end, reason}]}:
   * the periods overlapping [from, to) (ISO instants), earliest first, times in the business's zone.
   * With staffId, that member's periods and the business-wide ones.
   */
  router.get("/blocked-periods", async (req, res) => {
    const q = parseQuery(periodQuery, req);
    const business = businessOf(res);
    const rows = await db
      .select()
      .from(blockedPeriods)
      .where(
        and(
          eq(blockedPeriods.businessId, business.id),
          lt(blockedPeriods.startAt, new Date(q.to)),
          gt(blockedPeriods.endAt, new Date(q.from)),
          q.staffId ? or(eq(blockedPeriods.staffId, q.staffId), isNull(blockedPeriods.staffId)) : undefined,
        ),
      )
      .orderBy(asc(blockedPeriods.startAt))
      .limit(1000);
    res.json({ items: rows.map((p) => blockedPeriodJson(p, business.timezone)) });
  });

  /** The body of POST /admin/blocked-periods (and its preview) as an operation's input; a staff member of another business is a 400 naming staffId. */
  async function blockInput(req: Request, res: Response): Promise<{ business: Business; input: BlockInput }> {
    const body = parseBody(blockedBody, req);
    const business = businessOf(res);
    if (body.staffId) {
      const [member] = await db.select().from(staff).where(and(eq(staff.id, body.staffId), eq(staff.businessId, business.id)));
      if (!member) throw problem(400, "Unknown staff member", { errors: [{ field: "staffId", message: `no staff member with id ${body.staffId}` }] });
    }
    return { business, input: { businessId: business.id, staffId: body.staffId ?? null, start: new Date(body.start), end: new Date(body.end), reason: body.reason ?? null } };
  }

  router.post("/blocked-periods", async (req, res) => {
    const { business, input } = await blockInput(req, res);
    const result = await actions.blockPeriod(input, actorOf(res));
    const [period] = await db.select().from(blockedPeriods).where(eq(blockedPeriods.id, result.id));
    res.status(201).json({
      ...blockedPeriodJson(period!, business.timezone),
      affectedBookings: result.affected.map((a) => ({
        bookingId: a.bookingId,
        outcome: a.outcome,
        start: a.start.toISOString(),
        ...(a.newStart && { newStart: a.newStart.toISOString() }),
      })),
    });
  });

  /**
   * POST /admin/blocked-periods/preview, the same body as POST /admin/blocked-periods → 200
   * {affectedBookings: [{bookingId, start, end, customer: {name, phone}, serviceName, staffId,
   * outcome: "moved_to_backup" | "asked_to_reschedule", newStart?}]}: what blocking the period now would
   * do to each live booking inside it, soonest first (start/end where the booking is now, newStart its
   * backup time when it would move there; ISO instants with the business's offset). Changes nothing and tells nobody.
   */
  router.post("/blocked-periods/preview", async (req, res) => {
    const { business, input } = await blockInput(req, res);
    const planned = await actions.previewBlockPeriod(input, actorOf(res));
    const customerIds = [...new Set(planned.map((p) => p.booking.customerId))];
    const serviceIds = [...new Set(planned.map((p) => p.booking.serviceId))];
    const people = customerIds.length === 0 ? [] : await db.select().from(customers).where(inArray(customers.id, customerIds));
    const named = serviceIds.length === 0 ? [] : await db.select({ id: services.id, name: services.name }).from(services).where(inArray(services.id, serviceIds));
    const zoned = (d: Date) => toZonedIso(d, business.timezone);
    res.json({
      affectedBookings: planned.map((p) => {
        const person = people.find((c) => c.id === p.booking.customerId);
        return {
          bookingId: p.booking.id,
          start: zoned(p.booking.startAt),
          end: zoned(p.booking.endAt),
          customer: { name: person?.name ?? null, phone: person?.phone ?? null },
          serviceName: named.find((s) => s.id === p.booking.serviceId)?.name ?? null,
          staffId: p.booking.staffId,
          outcome: p.outcome,
          ...(p.outcome === "moved_to_backup" && { newStart: zoned(p.newStart) }),
        };
      }),
    });
  });

  /**
   * DELETE /admin/blocked-periods/:id → 204: the time is open again. Bookings the block moved stay
   * where they went; another business's or an unknown id is a 404.
   */
  router.delete("/blocked-periods/:id", async (req, res) => {
    const id = idParam(req, "blocked period");
    const deleted = await db
      .delete(blockedPeriods)
      .where(and(eq(blockedPeriods.id, id), eq(blockedPeriods.businessId, businessOf(res).id)))
      .returning({ id: blockedPeriods.id });
    if (deleted.length === 0) throw problem(404, `No blocked period with id ${id}`);
    res.status(204).end();
  });

  router.get("/messages", async (req, res) => {
    const q = parseQuery(messagesQuery, req);
    const business = businessOf(res);
    const [person] = await db.select().from(customers).where(and(eq(customers.businessId, business.id), eq(customers.phone, q.phone)));
    if (!person) return res.json({ items: [] });
    const rows = await db.select().from(messages).where(eq(messages.customerId, person.id)).orderBy(asc(messages.createdAt));
    res.json({
      items: rows.map((m) => ({ direction: m.direction, channel: m.channel, body: m.body, status: m.status, errorCode: m.errorCode, createdAt: m.createdAt.toISOString() })),
    });
  });

  /** The business's stats: bookings by status, conversion, multi-session plans, LLM use. */
  router.get("/stats", async (_req, res) => {
    res.json(await businessStats(db, businessOf(res).id));
  });

  return router;
}

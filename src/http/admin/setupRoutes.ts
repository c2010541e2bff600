/** The business, its staff and their weekly hours, its services, promo codes: what an owner sets up once. */
import { Router } from "express";
import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { isCountryCode } from "../../booking/country";
import { parseClockTime, toZonedIso } from "../../booking/time";
import { type Db, PG_UNIQUE_VIOLATION, pgErrorCode } from "../../db/client";
import { availabilityRules, promoCodes, serviceStaff, services, staff } from "../../db/schema";
import type { Clock } from "../../clock";
import { previewServicePlan, sampleStartOf } from "../../operations/previewServicePlan";
import { businessSettings, businessView, currency, saveBusiness } from "../businessSettings";
import { problem } from "../problem";
import { businessJson, promoCodeJson, ruleJson, serviceJson, staffJson } from "./serializers";
import { idParam, parseBody } from "./validation";
import { businessIfAny, businessOf } from "./auth";

const staffFields = {
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().email("must be an email address").max(320),
  googleCalendarId: z.string().trim().min(1).max(500),
};
const staffBody = z.object({ name: staffFields.name, email: staffFields.email.optional(), googleCalendarId: staffFields.googleCalendarId.optional() }).strict();
const staffPatch = z
  .object({ name: staffFields.name, email: staffFields.email.nullable(), googleCalendarId: staffFields.googleCalendarId.nullable(), active: z.boolean() })
  .partial()
  .strict();

const clock = z.string().refine((t) => parseClockTime(t) !== undefined, 'must be a time like "09:00" (24:00 for midnight)');
/** Compared only when both are times: a bad one is named by itself, not also as the other's error. */
function startsBeforeEnd(r: { start: string; end: string }): boolean {
  const start = parseClockTime(r.start);
  const end = parseClockTime(r.end);
  return start === undefined || end === undefined || start < end;
}
const availabilityBody = z
  .object({
    rules: z
      .array(
        z
          .object({ weekday: z.number().int().min(0).max(6), start: clock, end: clock })
          .strict()
          .refine(startsBeforeEnd, { message: "start must be before end", path: ["end"] }),
      )
      .max(100),
  })
  .strict();

const multiSession = z
  .object({
    totalSessions: z.number().int().min(2).max(100),
    strategy: z.enum(["immediate", "sequential", "flexible"]),
    gapDays: z.array(z.number().int().min(0).max(365)).max(99).optional(),
    minGapDays: z.number().int().min(0).max(365).optional(),
    sessionLabels: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
  })
  .strict()
  .refine((m) => !m.gapDays || m.gapDays.length <= m.totalSessions - 1, { message: "has more gaps than sessions - 1", path: ["gapDays"] })
  .refine((m) => !m.sessionLabels || m.sessionLabels.length <= m.totalSessions, { message: "has more labels than sessions", path: ["sessionLabels"] });

const serviceFields = {
  name: z.string().trim().min(1).max(200),
  aliases: z.array(z.string().trim().min(1).max(100)).max(50),
  durationMinutes: z.number().int().min(1).max(1440),
  priceCents: z.number().int().min(0).max(100_000_000),
  currency,
  requiresPayment: z.boolean(),
  staffIds: z.array(z.string().uuid()).max(200),
  multiSession: multiSession.nullable(),
  packageSessions: z.number().int().min(2).max(100).nullable(),
  active: z.boolean(),
};
const serviceCreate = z
  .object(serviceFields)
  .partial()
  .required({ name: true, durationMinutes: true, priceCents: true })
  .strict();
const servicePatch = z.object(serviceFields).partial().strict();

const previewBody = z
  .object({
    durationMinutes: serviceFields.durationMinutes,
    multiSession: multiSession.nullable().optional(),
    sampleStart: z
      .string()
      .refine((t) => sampleStartOf(t, "UTC") !== undefined, 'must be a date and time like "2026-03-09T10:00" (the business\'s time zone) or ISO 8601 with an offset')
      .optional(),
  })
  .strict();

const promoPatch = z.object({ active: z.boolean() }).strict();

const promoBody = z
  .object({
    code: z.string().trim().regex(/^[A-Za-z0-9_-]{3,40}$/, "must be 3-40 letters, digits, - or _").transform((c) => c.toUpperCase()),
    maxUses: z.number().int().min(1).max(1_000_000),
    percentOff: z.number().int().min(1).max(100),
    expiresAt: z.string().datetime({ offset: true }).optional(),
  })
  .strict();

export function setupRoutes(db: Db, clock: Clock): Router {
  const router = Router();

  router.get("/business", async (_req, res) => {
    res.json(await businessView(db, businessOf(res)));
  });

  /** Changes the business's settings; on an empty deployment (ADMIN_TOKEN) the first PATCH creates it (201). */
  router.patch("/business", async (req, res) => {
    const body = parseBody(businessSettings, req);
    const existing = businessIfAny(res);
    const saved = await saveBusiness(db, existing, body, clock.now());
    res.status(existing ? 200 : 201).json(await businessView(db, saved));
  });

  router.post("/staff", async (req, res) => {
    const body = parseBody(staffBody, req);
    const business = businessOf(res);
    const [row] = await db.insert(staff).values({ businessId: business.id, name: body.name, email: body.email ?? null, googleCalendarId: body.googleCalendarId ?? null }).returning();
    res.status(201).json(staffJson(row!));
  });

  router.get("/staff", async (_req, res) => {
    const business = businessOf(res);
    const rows = await db.select().from(staff).where(eq(staff.businessId, business.id)).orderBy(asc(staff.createdAt), asc(staff.name));
    res.json({ items: rows.map(staffJson) });
  });

  /**
   * PATCH /admin/staff/:id {name?, email? (null clears), googleCalendarId? (null clears), active?} → the
   * staff member. An inactive member is offered for no service (their bookings stay); another business's id is a 404.
   */
  router.patch("/staff/:id", async (req, res) => {
    const staffId = idParam(req, "staff member");
    const body = parseBody(staffPatch, req);
    const business = businessOf(res);
    const where = and(eq(staff.id, staffId), eq(staff.businessId, business.id));
    const [row] = Object.keys(body).length === 0 ? await db.select().from(staff).where(where) : await db.update(staff).set(body).where(where).returning();
    if (!row) throw problem(404, `No staff member with id ${staffId}`);
    res.json(staffJson(row));
  });

  router.put("/staff/:id/availability", async (req, res) => {
    const staffId = idParam(req, "staff member");
    const body = parseBody(availabilityBody, req);
    const business = businessOf(res);
    const [member] = await db.select().from(staff).where(and(eq(staff.id, staffId), eq(staff.businessId, business.id)));
    if (!member) throw problem(404, `No staff member with id ${staffId}`);
    const rules = body.rules.map((r) => ({ businessId: business.id, staffId, weekday: r.weekday, startMinute: parseClockTime(r.start)!, endMinute: parseClockTime(r.end)! }));
    await db.transaction(async (tx) => {
      await tx.delete(availabilityRules).where(eq(availabilityRules.staffId, staffId));
      if (rules.length > 0) await tx.insert(availabilityRules).values(rules);
    });
    res.json({ staffId, rules: rules.sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute).map(ruleJson) });
  });

  router.get("/staff/:id/availability", async (req, res) => {
    const staffId = idParam(req, "staff member");
    const business = businessOf(res);
    const [member] = await db.select({ id: staff.id }).from(staff).where(and(eq(staff.id, staffId), eq(staff.businessId, business.id)));
    if (!member) throw problem(404, `No staff member with id ${staffId}`);
    const rows = await db.select().from(availabilityRules).where(eq(availabilityRules.staffId, staffId)).orderBy(asc(availabilityRules.weekday), asc(availabilityRules.startMinute));
    res.json({ staffId, rules: rows.map(ruleJson) });
  });

  router.post("/services", async (req, res) => {
    const body = parseBody(serviceCreate, req);
    const business = businessOf(res);
    const staffIds = await resolveStaffIds(db, business.id, body.staffIds);
    const row = await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(services)
        .values({
          businessId: business.id,
          name: body.name,
          aliases: body.aliases ?? [],
          durationMinutes: body.durationMinutes,
          priceCents: body.priceCents,
          currency: body.currency ?? business.currency,
          requiresPayment: body.requiresPayment ?? false,
          active: body.active ?? true,
          packageSessions: body.packageSessions ?? null,
          ...multiSessionColumns(body.multiSession ?? null),
        })
        .returning();
      if (staffIds.length > 0) await tx.insert(serviceStaff).values(staffIds.map((staffId) => ({ serviceId: created!.id, staffId })));
      return created!;
    });
    res.status(201).json(serviceJson(row, staffIds));
  });

  router.get("/services", async (_req, res) => {
    const business = businessOf(res);
    const rows = await db.select().from(services).where(eq(services.businessId, business.id)).orderBy(asc(services.createdAt), asc(services.name));
    const links = rows.length === 0 ? [] : await db.select().from(serviceStaff).where(inArray(serviceStaff.serviceId, rows.map((r) => r.id)));
    res.json({ items: rows.map((r) => serviceJson(r, links.filter((l) => l.serviceId === r.id).map((l) => l.staffId))) });
  });

  /**
   * The schedule unsaved plan settings give, for the console to show while the owner edits them.
   * Takes `{durationMinutes, multiSession?: {…as a service's} | null, sampleStart?}` (sampleStart: a
   * wall time "2026-03-09T10:00" in the business's zone or ISO with an offset; absent: next Monday
   * 10:00) and answers `{timezone, sampleStart, strategy, sessions: [{sessionNumber, label, start, end,
   * booking}]}`, times ISO with the business's offset, `booking.kind` one of `first`, `with_first`
   * (immediate), `after_previous_completed` (sequential: `afterSession`, `minGapDays`) and `any_time`
   * (flexible: `minGapDays`). Saves nothing.
   */
  router.post("/services/preview", (req, res) => {
    const body = parseBody(previewBody, req);
    const business = businessOf(res);
    const ms = body.multiSession ?? null;
    const config = ms && { totalSessions: ms.totalSessions, strategy: ms.strategy, gapDays: ms.gapDays ?? null, minGapDays: ms.minGapDays ?? null, sessionLabels: ms.sessionLabels ?? null };
    const preview = previewServicePlan(business, clock.now(), { durationMinutes: body.durationMinutes, multiSession: config, sampleStart: body.sampleStart });
    const tz = preview.timezone;
    res.json({
      timezone: tz,
      sampleStart: toZonedIso(preview.sampleStart, tz),
      strategy: ms?.strategy ?? null,
      sessions: preview.sessions.map((s) => ({ sessionNumber: s.sessionNumber, label: s.label, start: toZonedIso(s.start, tz), end: toZonedIso(s.end, tz), booking: s.booking })),
    });
  });

  router.patch("/services/:id", async (req, res) => {
    const serviceId = idParam(req, "service");
    const body = parseBody(servicePatch, req);
    const business = businessOf(res);
    const [existing] = await db.select().from(services).where(and(eq(services.id, serviceId), eq(services.businessId, business.id)));
    if (!existing) throw problem(404, `No service with id ${serviceId}`);
    const staffIds = body.staffIds === undefined ? undefined : await resolveStaffIds(db, business.id, body.staffIds);
    const { staffIds: _ignored, multiSession: ms, ...plain } = body;
    const row = await db.transaction(async (tx) => {
      const [updated] = await tx
        .update(services)
        .set({ ...plain, ...(ms !== undefined && multiSessionColumns(ms)), updatedAt: new Date() })
        .where(eq(services.id, serviceId))
        .returning();
      if (staffIds !== undefined) {
        await tx.delete(serviceStaff).where(eq(serviceStaff.serviceId, serviceId));
        if (staffIds.length > 0) await tx.insert(serviceStaff).values(staffIds.map((staffId) => ({ serviceId, staffId })));
      }
      return updated!;
    });
    const links = await db.select().from(serviceStaff).where(eq(serviceStaff.serviceId, serviceId));
    res.json(serviceJson(row, links.map((l) => l.staffId)));
  });

  router.post("/promo-codes", async (req, res) => {
    const body = parseBody(promoBody, req);
    const business = businessOf(res);
    try {
      const [row] = await db
        .insert(promoCodes)
        .values({ businessId: business.id, code: body.code, maxUses: body.maxUses, percentOff: body.percentOff, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null })
        .returning();
      res.status(201).json(promoCodeJson(row!));
    } catch (error) {
      if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) throw problem(409, `The code ${body.code} exists already`);
      throw error;
    }
  });

  /** The business's promo codes, oldest first: `{items: [{id, code, percentOff, maxUses, usedCount, expiresAt, active}]}`. */
  router.get("/promo-codes", async (_req, res) => {
    const business = businessOf(res);
    const rows = await db.select().from(promoCodes).where(eq(promoCodes.businessId, business.id)).orderBy(asc(promoCodes.createdAt), asc(promoCodes.code));
    res.json({ items: rows.map(promoCodeJson) });
  });

  /** Deactivates (`{active: false}`: customers can no longer use it) or reactivates a promo code; answers the code. */
  router.patch("/promo-codes/:id", async (req, res) => {
    const promoId = idParam(req, "promo code");
    const body = parseBody(promoPatch, req);
    const business = businessOf(res);
    const [row] = await db
      .update(promoCodes)
      .set({ active: body.active })
      .where(and(eq(promoCodes.id, promoId), eq(promoCodes.businessId, business.id)))
      .returning();
    if (!row) throw problem(404, `No promo code with id ${promoId}`);
    res.json(promoCodeJson(row));
  });

  return router;
}

/** Named staff must belong to the business; none named means everyone. */
async function resolveStaffIds(db: Db, businessId: string, wanted: string[] | undefined): Promise<string[]> {
  const all = await db.select({ id: staff.id }).from(staff).where(eq(staff.businessId, businessId));
  if (wanted === undefined) return all.map((s) => s.id);
  const known = new Set(all.map((s) => s.id));
  const unknown = wanted.filter((id) => !known.has(id.toLowerCase()));
  if (unknown.length > 0) throw problem(400, "Unknown staff ids", { errors: [{ field: "staffIds", message: `no staff member with id ${unknown.join(", ")}` }] });
  return [...new Set(wanted.map((id) => id.toLowerCase()))];
}

function multiSessionColumns(ms: z.infer<typeof multiSession> | null) {
  if (!ms) return { totalSessions: null, strategy: null, gapDays: null, minGapDays: null, sessionLabels: null };
  return { totalSessions: ms.totalSessions, strategy: ms.strategy, gapDays: ms.gapDays ?? null, minGapDays: ms.minGapDays ?? null, sessionLabels: ms.sessionLabels ?? null };
}

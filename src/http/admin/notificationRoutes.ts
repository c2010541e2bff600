/**
 * The business's notifications (staff_notices): customers running late, on their way, arrived,
 * unable to come, asking for a person, questions the bot could not answer, and new, pending and
 * cancelled bookings.
 */
import { Router } from "express";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import type { Clock } from "../../clock";
import { customers, staffNotices } from "../../db/schema";
import { problem } from "../problem";
import { businessOf } from "./auth";
import { idParam, parseQuery } from "./validation";

/** The most a list returns: the newest. */
const LIMIT = 200;

const listQuery = z.object({ unread: z.enum(["true", "false"], { message: "must be true or false" }).optional() }).strict();

type Row = typeof staffNotices.$inferSelect & { phone: string | null; name: string | null };

export function notificationRoutes(db: Db, clock: Clock): Router {
  const router = Router();

  /**
   * GET /admin/notifications[?unread=true] → {items: [{id, kind, customer: {phone, name} | null, bookingId,
   * text, createdAt, readAt}]}: newest first, at most 200; `kind` one of running_late, on_the_way,
   * arrived, cannot_make_it, wants_person, unanswered_question, new_booking, pending_approval, cancelled;
   * times UTC ISO. 400 for another `unread`.
   */
  router.get("/notifications", async (req, res) => {
    const q = parseQuery(listQuery, req);
    const business = businessOf(res);
    const rows = await db
      .select({ notice: staffNotices, phone: customers.phone, name: customers.name })
      .from(staffNotices)
      .leftJoin(customers, eq(customers.id, staffNotices.customerId))
      .where(and(eq(staffNotices.businessId, business.id), q.unread === "true" ? isNull(staffNotices.readAt) : undefined))
      .orderBy(desc(staffNotices.createdAt), desc(staffNotices.id))
      .limit(LIMIT);
    res.json({ items: rows.map((r) => json({ ...r.notice, phone: r.phone, name: r.name })) });
  });

  /** POST /admin/notifications/:id/read → the notification, read (marking it again keeps the first time). 404 for another business's or an unknown id. */
  router.post("/notifications/:id/read", async (req, res) => {
    const id = idParam(req, "notification");
    const business = businessOf(res);
    await db
      .update(staffNotices)
      .set({ readAt: clock.now() })
      .where(and(eq(staffNotices.id, id), eq(staffNotices.businessId, business.id), isNull(staffNotices.readAt)));
    const [row] = await db
      .select({ notice: staffNotices, phone: customers.phone, name: customers.name })
      .from(staffNotices)
      .leftJoin(customers, eq(customers.id, staffNotices.customerId))
      .where(and(eq(staffNotices.id, id), eq(staffNotices.businessId, business.id)));
    if (!row) throw problem(404, `No notification with id ${id}`);
    res.json(json({ ...row.notice, phone: row.phone, name: row.name }));
  });

  return router;
}

function json(n: Row) {
  return {
    id: n.id,
    kind: n.kind,
    customer: n.phone ? { phone: n.phone, name: n.name } : null,
    bookingId: n.bookingId,
    text: n.text,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}

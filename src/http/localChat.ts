/**
 * GET /internal/chat/outbound?phone=&after=: how `npm run chat` learns of what the bot sends its
 * customer on its own (an invitation, a reminder, a staff notice) while the customer is idle.
 * Guarded as the local jobs route is: this machine only, with the server's local token, which
 * exists when the server holds the embedded database (a chat on PostgreSQL reads it directly).
 */
import { Router } from "express";
import { z } from "zod";
import { outboundSince } from "../channels/outboundFeed";
import type { Db } from "../db/client";
import { requireLocalCaller } from "./localJobs";
import { validationProblem } from "./problem";

const feedQuery = z
  .object({
    phone: z.string().regex(/^\+[1-9]\d{6,14}$/, "must be E.164, e.g. +15551234567"),
    after: z.string().datetime({ offset: true, message: "must be an ISO 8601 date-time" }),
  })
  .strict();

/** The route, or none without a local token. Answers `{items:[{id, channel, body, status, createdAt}]}`, oldest first. */
export function localChatRoutes(token: string | undefined, db: Db): Router {
  const router = Router();
  if (token === undefined) return router;
  router.get("/internal/chat/outbound", async (req, res) => {
    requireLocalCaller(req, token, "npm run chat");
    const query = feedQuery.safeParse(req.query);
    if (!query.success) throw validationProblem(query.error, "query");
    const items = await outboundSince(db, query.data.phone, new Date(query.data.after));
    res.json({ items: items.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })) });
  });
  return router;
}

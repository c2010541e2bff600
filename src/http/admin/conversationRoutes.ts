/**
 * Conversations: every customer's thread (a customer on one channel), the bot's state in it, and
 * staff taking it over — replying by hand while the bot stays silent — and handing it back.
 */
import { type Request, type Response, Router } from "express";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../../booking/actor";
import type { Business } from "../../booking/business";
import { customerMatches } from "../../booking/customers";
import { toZonedIso } from "../../booking/time";
import type { Outbox } from "../../channels/tellAfterCommit";
import type { Clock } from "../../clock";
import type { Database } from "../../db/client";
import { conversations, customers, messages, users } from "../../db/schema";
import { handBackConversation } from "../../operations/handBackConversation";
import { CustomerOptedOut, HAND_REPLY_MAX_CHARS, replyByHand } from "../../operations/replyByHand";
import { takeOverConversation } from "../../operations/takeOverConversation";
import { type ConversationContext, isPersonRequested, isTakenOver } from "../../operations/takeover";
import { problem } from "../problem";
import { actorOf, businessOf } from "./auth";
import { idParam, parseBody, parseQuery } from "./validation";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How many of a thread's messages GET /admin/conversations/:id returns at most (the latest ones). */
const THREAD_LIMIT = 500;
/** The name shown for what an API key or ADMIN_TOKEN did (there is no user to name). */
const API_NAME = "API";

/**
 * A page boundary: `nextBefore` from the previous page (`<UTC instant>_<id>`), or a plain ISO
 * instant (conversations active strictly before it).
 */
const beforeCursor = z.string().transform((value, ctx) => {
  const [at, id] = value.split("_");
  const instant = z.string().datetime({ offset: true }).safeParse(at);
  if (!instant.success || (id !== undefined && !UUID.test(id))) {
    ctx.addIssue({ code: "custom", message: "must be nextBefore from the previous page, or an ISO 8601 date-time with an offset" });
    return z.NEVER;
  }
  return { at: new Date(at!), id: id?.toLowerCase() };
});

const listQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: beforeCursor.optional(),
  })
  .strict();

const replyBody = z.object({ body: z.string().trim().min(1, "must not be empty").max(HAND_REPLY_MAX_CHARS, `must be at most ${HAND_REPLY_MAX_CHARS} characters`) }).strict();

type ConversationRow = typeof conversations.$inferSelect;
type MessageRow = typeof messages.$inferSelect;

/**
 * When a thread was last active: its latest message (in or out, on its channel), else when the
 * conversation itself last moved. Milliseconds, like the instants the server writes, so page
 * boundaries compare exactly.
 */
const activityAt = sql`date_trunc('milliseconds', coalesce(
  (select max(m.created_at) from ${messages} m where m.customer_id = ${conversations.customerId} and m.channel = ${conversations.channel}),
  ${conversations.lastActivityAt}))`;
/** The same, as milliseconds since the epoch (both engines return a plain number). */
const activityMs = sql<number>`(extract(epoch from ${activityAt}) * 1000)::float8`.mapWith(Number);

export function conversationRoutes(deps: { database: Database; clock: Clock; outbox: Outbox }): Router {
  const router = Router();
  const db = deps.database.db;

  /** Runs a conversation operation in one transaction, as the request's actor. */
  function act<T>(res: Response, work: (ctx: ConversationContext) => Promise<T>): Promise<T> {
    const actor: Actor = actorOf(res);
    return db.transaction((tx) => work({ tx, clock: deps.clock, actor }));
  }

  /** The list's items for these conversations, in the order given: customer, last message, holder. */
  async function summaries(business: Business, rows: { conversation: ConversationRow; activity: number }[]) {
    if (rows.length === 0) return [];
    const customerIds = [...new Set(rows.map((r) => r.conversation.customerId))];
    const holderIds = [...new Set(rows.flatMap((r) => (r.conversation.takenOverByUserId ? [r.conversation.takenOverByUserId] : [])))];
    const [people, holders, latest] = await Promise.all([
      db.select().from(customers).where(inArray(customers.id, customerIds)),
      holderIds.length === 0 ? [] : db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, holderIds)),
      db
        .selectDistinctOn([messages.customerId, messages.channel])
        .from(messages)
        .where(inArray(messages.customerId, customerIds))
        .orderBy(messages.customerId, messages.channel, desc(messages.createdAt), desc(messages.id)),
    ]);
    const now = deps.clock.now();
    const zoned = (at: Date) => toZonedIso(at, business.timezone);
    return rows.map(({ conversation: c, activity }) => {
      const person = people.find((p) => p.id === c.customerId)!;
      const last = latest.find((m) => m.customerId === c.customerId && m.channel === c.channel);
      const holder = holders.find((u) => u.id === c.takenOverByUserId);
      return {
        id: c.id,
        customer: { id: person.id, name: person.name, phone: person.phone },
        channel: c.channel,
        state: c.state,
        lastActivityAt: zoned(new Date(activity)),
        lastMessage: last ? { direction: last.direction, body: last.body, at: zoned(last.createdAt) } : null,
        takenOver: isTakenOver(c, now) ? { userId: c.takenOverByUserId, name: holder?.name ?? API_NAME, until: zoned(c.takenOverUntil!) } : null,
        // The customer asked for a person (within the last 2 hours, and no one has taken the thread since).
        personRequestedAt: isPersonRequested(c, now) ? zoned(c.personRequestedAt!) : null,
        optedOut: person.optedOutAt !== null,
      };
    });
  }

  async function messageJson(business: Business, rows: MessageRow[]) {
    const writerIds = [...new Set(rows.flatMap((m) => (m.sentByUserId ? [m.sentByUserId] : [])))];
    const writers = writerIds.length === 0 ? [] : await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, writerIds));
    return rows.map((m) => {
      const byHand = m.sentByUserId !== null || (m.payload as { byHand?: boolean } | null)?.byHand === true;
      return {
        id: m.id,
        direction: m.direction,
        body: m.body,
        status: m.status,
        at: toZonedIso(m.createdAt, business.timezone),
        sentBy: byHand ? { userId: m.sentByUserId, name: writers.find((w) => w.id === m.sentByUserId)?.name ?? API_NAME } : null,
      };
    });
  }

  /** The business's conversation with the id in the path, with its activity; another business's is as unknown as none (404). */
  async function ownConversation(req: Request, res: Response): Promise<{ business: Business; conversation: ConversationRow; activity: number }> {
    const business = businessOf(res);
    const id = idParam(req, "conversation");
    const [row] = await db
      .select({ conversation: conversations, activity: activityMs })
      .from(conversations)
      .where(and(eq(conversations.id, id), eq(conversations.businessId, business.id)));
    if (!row) throw problem(404, `No conversation with id ${id}`);
    return { business, ...row };
  }

  async function detail(req: Request, res: Response) {
    const { business, conversation, activity } = await ownConversation(req, res);
    const [summary] = await summaries(business, [{ conversation, activity }]);
    const latest = await db
      .select()
      .from(messages)
      .where(and(eq(messages.customerId, conversation.customerId), eq(messages.channel, conversation.channel)))
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(THREAD_LIMIT);
    return { ...summary!, messages: await messageJson(business, latest.reverse()) };
  }

  /**
   * GET /admin/conversations?q=&limit=&before= → {items: [{id, customer: {id, name, phone}, channel: "sms"|"whatsapp",
   * state (the bot's state name, e.g. "initial", "date_selected"), lastActivityAt, lastMessage: {direction: "in"|"out",
   * body, at} | null, takenOver: {userId (null: an API key), name ("API" for a key), until} | null, personRequestedAt (the
   * customer asked for a person within the last 2 hours and no one has taken the thread since) | null, optedOut}],
   * nextBefore}: every customer thread, most recently active first (activity = its latest message). `q` matches the
   * customer's name or phone (part of either); `limit` 1–200 (default 50); `before` takes the previous page's
   * `nextBefore`, which is null on the last page. Times are ISO instants with the business's offset.
   */
  router.get("/conversations", async (req, res) => {
    const q = parseQuery(listQuery, req);
    const business = businessOf(res);
    const before = q.before;
    const rows = await db
      .select({ conversation: conversations, activity: activityMs })
      .from(conversations)
      .innerJoin(customers, eq(customers.id, conversations.customerId))
      .where(
        and(
          eq(conversations.businessId, business.id),
          q.q ? customerMatches(q.q) : undefined,
          before
            ? before.id
              ? sql`(${activityAt} < ${before.at.toISOString()}::timestamptz or (${activityAt} = ${before.at.toISOString()}::timestamptz and ${conversations.id} < ${before.id}::uuid))`
              : sql`${activityAt} < ${before.at.toISOString()}::timestamptz`
            : undefined,
        ),
      )
      .orderBy(desc(activityAt), desc(conversations.id))
      .limit(q.limit);
    const last = rows.at(-1);
    res.json({
      items: await summaries(business, rows),
      nextBefore: rows.length === q.limit && last ? `${new Date(last.activity).toISOString()}_${last.conversation.id}` : null,
    });
  });

  /**
   * GET /admin/conversations/:id → the list's item plus messages: [{id, direction: "in"|"out", body, status, at,
   * sentBy: {userId, name} | null}], oldest first (the latest 500). `sentBy` names who wrote a reply by hand (userId
   * null and name "API" for an API key); null for the customer's messages and the bot's. 404 for an unknown id.
   */
  router.get("/conversations/:id", async (req, res) => {
    res.json(await detail(req, res));
  });

  /**
   * POST /admin/conversations/:id/takeover (no body) → the conversation as GET /:id: the caller holds it for 24 hours
   * (`takenOver.until`); the bot composes no reply in it meanwhile, except to STOP, START and HELP. The customer is
   * told nothing. Taking over a thread already taken makes the caller its holder and restarts the 24 hours.
   */
  router.post("/conversations/:id/takeover", async (req, res) => {
    const { business, conversation } = await ownConversation(req, res);
    await act(res, (ctx) => takeOverConversation(ctx, { businessId: business.id, conversationId: conversation.id }));
    res.json(await detail(req, res));
  });

  /** POST /admin/conversations/:id/hand-back (no body) → the conversation as GET /:id: the bot answers the customer's next message again. */
  router.post("/conversations/:id/hand-back", async (req, res) => {
    const { business, conversation } = await ownConversation(req, res);
    await act(res, (ctx) => handBackConversation(ctx, { businessId: business.id, conversationId: conversation.id }));
    res.json(await detail(req, res));
  });

  /**
   * POST /admin/conversations/:id/messages {body: 1–1600 characters} → 201 the message as in GET /:id (status queued,
   * then sent or logged once delivered): written by hand, sent on the conversation's channel through the outbox after
   * the change commits, and it holds the conversation for 24 hours from now (taking it over if it was not). 409 when
   * the customer opted out (texted STOP): nothing is sent.
   */
  router.post("/conversations/:id/messages", async (req, res) => {
    const { business, conversation } = await ownConversation(req, res);
    const { body } = parseBody(replyBody, req);
    let sent;
    try {
      sent = await act(res, (ctx) => replyByHand(ctx, deps.outbox, { businessId: business.id, conversationId: conversation.id, body }));
    } catch (error) {
      if (error instanceof CustomerOptedOut) throw problem(409, error.message, { type: "urn:slotline:customer-opted-out" });
      throw error;
    }
    if (sent.status === "queued") await deps.outbox.deliver(db, [sent.messageId]);
    const [row] = await db.select().from(messages).where(eq(messages.id, sent.messageId));
    res.status(201).json((await messageJson(business, [row!]))[0]);
  });

  return router;
}

/**
 * A customer's unsubscribe link, /e/unsubscribe/<token>, from the footer and the List-Unsubscribe
 * header of mail that is not about a booking (feedback requests). It stops that mail only:
 * confirmations, changes and reminders still come, as they are part of the booking.
 *
 * GET shows a button rather than unsubscribing at once, because mail scanners open links; POST
 * unsubscribes, and is also what a mail app's one-click unsubscribe sends (RFC 8058: a POST with
 * the body "List-Unsubscribe=One-Click", no cookies). Both are idempotent.
 */
import express, { type Response, Router } from "express";
import { and, eq, isNull } from "drizzle-orm";
import { idOfSignedToken } from "../accounts/manageTokens";
import type { Clock } from "../clock";
import { en } from "../copy";
import type { Db } from "../db/client";
import { businesses, customers } from "../db/schema";
import { confirmPage, messagePage } from "../web/manage/pages";

export const UNSUBSCRIBE_PATH = "/e/unsubscribe/:token";

export function unsubscribeRoutes(deps: { db: Db; clock: Clock; sessionSecret: () => Promise<string> }): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: "1kb" });

  /** The customer the token names, with their business's name; undefined for a token that is not ours or a customer since erased. */
  async function customerOf(token: string): Promise<{ id: string; businessName: string } | undefined> {
    const id = idOfSignedToken(await deps.sessionSecret(), "unsubscribe", token);
    if (!id) return undefined;
    const [row] = await deps.db
      .select({ id: customers.id, businessName: businesses.name })
      .from(customers)
      .innerJoin(businesses, eq(businesses.id, customers.businessId))
      .where(eq(customers.id, id));
    return row;
  }

  /** GET /e/unsubscribe/:token → 200 HTML asking to confirm; 404 HTML for a link that is not valid. */
  router.get(UNSUBSCRIBE_PATH, async (req, res) => {
    const customer = await customerOf(String(req.params.token));
    if (!customer) return invalid(res);
    const page = en.email.unsubscribePage("confirm", customer.businessName);
    send(res, 200, confirmPage(page.title, page.text, { label: page.button!, postAction: req.originalUrl }));
  });

  /** POST /e/unsubscribe/:token (a form, or RFC 8058's one-click body) → 200 HTML "unsubscribed"; 404 for a link that is not valid. */
  router.post(UNSUBSCRIBE_PATH, form, async (req, res) => {
    const customer = await customerOf(String(req.params.token));
    if (!customer) return invalid(res);
    await deps.db
      .update(customers)
      .set({ emailOptedOutAt: deps.clock.now() })
      .where(and(eq(customers.id, customer.id), isNull(customers.emailOptedOutAt)));
    const page = en.email.unsubscribePage("done", customer.businessName);
    send(res, 200, messagePage(page.title, page.text));
  });

  return router;
}

function invalid(res: Response): void {
  const page = en.email.unsubscribePage("invalid", "");
  send(res, 404, messagePage(page.title, page.text));
}

function send(res: Response, status: number, body: string): void {
  res.status(status).type("html").set("Cache-Control", "no-store").send(body);
}

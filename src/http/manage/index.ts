/**
 * /m/<token>: the customer's own booking, reached by the manage link every confirmation carries.
 * The token (src/accounts/manageTokens.ts) is the only credential: signed with the session secret,
 * naming one booking, working until 30 days after its start. An altered, unknown or expired one is
 * a 404 page. Plain HTML pages and forms (no JavaScript); every change is a POST answered with a
 * 303 to a page (post/redirect/get), so reloading never repeats it.
 *
 * Every /m/ response: `Referrer-Policy: no-referrer` (the token must not leak to another site
 * through a link), `Cache-Control: no-store`, a CSP allowing only the page's own stylesheet and
 * forms to this site, and no framing.
 */
import express, { type Request, type RequestHandler, type Response, Router } from "express";
import { z } from "zod";
import { bookingIdOfManageToken, manageLinkLive } from "../../accounts/manageTokens";
import type { Booking } from "../../booking/bookingService";
import { type LocalDate, localDateOf } from "../../booking/time";
import type { Clock } from "../../clock";
import type { Logger } from "../../logger";
import type { Config } from "../../config/config";
import type { Database } from "../../db/client";
import type { CustomerBooking } from "../../operations/customerBooking";
import { whyUnchangeable } from "../../operations/customerBooking";
import type { Services } from "../../services";
import { bookingPage, cancelPage, messagePage, movePage } from "../../web/manage/pages";
import { MANAGE_CSS_HASH } from "../../web/manage/styles";
import { calendarFile } from "./calendarFile";
import { cancelPurpose, formNonce, nonceMatches, reschedulePurpose } from "./formNonce";
import { ManageActions } from "./manageActions";
import { bookingPageView, cancelPageView, isoDate, managePaths, movePageView } from "./views";

export interface ManageRouteDeps {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  services: Services;
}

const CSP = [
  "default-src 'none'",
  `style-src '${MANAGE_CSS_HASH}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex, nofollow",
  });
  next();
};

const uuid = z.string().uuid();
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date, YYYY-MM-DD")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "is not a calendar date");
const pageQuery = z.object({ done: z.enum(["cancelled", "moved"]).optional(), session: uuid.optional() });
const cancelQuery = z.object({ session: uuid.optional(), notice: z.enum(["changed"]).optional() });
const moveQuery = z.object({ session: uuid.optional(), date: isoDay.optional(), notice: z.enum(["taken", "changed"]).optional() });
const cancelBody = z.object({ session: uuid, nonce: z.string().min(1).max(64) });
const rescheduleBody = z.object({
  session: uuid,
  nonce: z.string().min(1).max(64),
  start: z.string().datetime({ offset: true, message: "must be one of the times offered" }),
});

const NOT_FOUND = {
  title: "Link not found",
  text: "This link does not work: it may be incomplete, or the booking it was for ended more than 30 days ago. Please contact the business, or reply to their text.",
};

function notFound(res: Response, text = NOT_FOUND.text): void {
  res.status(404).type("html").send(messagePage(NOT_FOUND.title, text));
}

/** A request our own pages would never send: 400, naming the fields. */
function badRequest(res: Response, error: z.ZodError): void {
  const fields = [...new Set(error.issues.map((i) => i.path.join(".") || "request"))];
  res
    .status(400)
    .type("html")
    .send(messagePage("Something is missing", `This request could not be read (${fields.map((f) => `${f}: not valid`).join(", ")}). Please go back and try again.`));
}

export function manageRoutes(deps: ManageRouteDeps): Router {
  const { services, clock } = deps;
  const actions = new ManageActions({ database: deps.database, bookingService: services.bookingService, payments: services.payments, outbox: services.notifier, clock, logger: deps.logger });
  const host = new URL(deps.config.publicBaseUrl).host;
  const router = Router();
  router.use("/m", securityHeaders);
  // Our forms are a few short fields.
  router.use("/m", express.urlencoded({ extended: false, limit: "4kb", parameterLimit: 10 }));

  /** The booking the token names, when it is ours, exists and its link still works; else a 404 page is sent. */
  async function linked(req: Request, res: Response): Promise<{ token: string; managed: CustomerBooking; secret: string } | undefined> {
    const token = String(req.params.token ?? "");
    const secret = await services.sessionSecret();
    const bookingId = bookingIdOfManageToken(secret, token);
    const managed = bookingId ? await actions.load(bookingId) : undefined;
    // A plan's link (its first session's) lives until 30 days after the plan's last session.
    const lastStart = managed && new Date(Math.max(...managed.sessions.map((s) => s.startAt.getTime()), managed.booking.startAt.getTime()));
    if (!managed || !manageLinkLive(lastStart!, clock.now())) {
      notFound(res);
      return undefined;
    }
    return { token, managed, secret };
  }

  /**
   * The session a request is about: the booking the link names, or another session of its plan
   * (a plan's link manages every session of it). Anything else is a 404 page.
   */
  function sessionOf(res: Response, managed: CustomerBooking, id: string | undefined): Booking | undefined {
    const session = id === undefined ? managed.booking : managed.sessions.find((s) => s.id === id);
    if (!session) notFound(res, "That session is not part of this booking.");
    return session;
  }

  /** A form posted from another site is refused: browsers mark it so (Sec-Fetch-Site), see formNonce.ts. */
  function crossSite(req: Request, res: Response): boolean {
    if (req.get("sec-fetch-site") !== "cross-site") return false;
    res.status(403).type("html").send(messagePage("Not allowed", "This form can only be sent from its own page. Please open your booking link again."));
    return true;
  }

  /**
   * GET /m/:token[?done=cancelled|moved&session=<id>] → 200 HTML: the business, the service, each
   * session's time (the business's zone, named), staff and status, price and payment, with Move and
   * Cancel for what is still to come (or why not); `done` shows what just happened.
   */
  router.get("/m/:token", async (req, res) => {
    const link = await linked(req, res);
    if (!link) return;
    const q = pageQuery.safeParse(req.query);
    const done = q.success && q.data.done && q.data.session ? { what: q.data.done, session: q.data.session } : undefined;
    res.status(200).type("html").send(bookingPage(bookingPageView(link.managed, link.token, clock.now(), done)));
  });

  /**
   * GET /m/:token/calendar.ics → 200 text/calendar: one VEVENT per live session (UID
   * <bookingId>@<host>, DTSTART/DTEND in UTC, SUMMARY "service · business", LOCATION when the
   * business has an address, the manage link in DESCRIPTION); 404 when nothing is left to add.
   */
  router.get("/m/:token/calendar.ics", async (req, res) => {
    const link = await linked(req, res);
    if (!link) return;
    const manageUrl = `${deps.config.publicBaseUrl}${managePaths(link.token).page}`;
    const file = calendarFile(link.managed, { manageUrl, host, now: clock.now() });
    if (!file) return notFound(res, "This booking is cancelled, so there is nothing to add to your calendar.");
    res.status(200).set("Content-Type", "text/calendar; charset=utf-8").set("Content-Disposition", 'attachment; filename="booking.ics"').send(file);
  });

  /**
   * GET /m/:token/cancel[?session=<id>&notice=changed] → 200 HTML: the fee policy and what
   * cancelling now keeps and refunds (cents formatted in the booking's currency), then a form
   * POSTing {session, nonce} to /m/:token/cancel; or why it can no longer be cancelled.
   */
  router.get("/m/:token/cancel", async (req, res) => {
    const link = await linked(req, res);
    if (!link) return;
    const q = cancelQuery.safeParse(req.query);
    if (!q.success) return badRequest(res, q.error);
    const session = sessionOf(res, link.managed, q.data.session);
    if (!session) return;
    const now = clock.now();
    const quote = whyUnchangeable(session, now) ? undefined : await actions.quote(session);
    const nonce = quote ? formNonce(link.secret, link.token, cancelPurpose(session, quote)) : "";
    res.status(200).type("html").send(cancelPage(cancelPageView(link.managed, session, link.token, now, quote, nonce, q.data.notice)));
  });

  /**
   * POST /m/:token/cancel {session, nonce} (form) → 303 to /m/:token?done=cancelled when cancelled
   * (by cancelBooking, as the customer; the customer is texted); else 303 back to the cancel page:
   * terms changed since the page (the nonce no longer matches), a refund the provider refused, or
   * no longer cancellable. 400 page for a malformed form, 403 for a cross-site one.
   */
  router.post("/m/:token/cancel", async (req, res) => {
    const link = await linked(req, res);
    if (!link || crossSite(req, res)) return;
    const body = cancelBody.safeParse(req.body ?? {});
    if (!body.success) return badRequest(res, body.error);
    const session = sessionOf(res, link.managed, body.data.session);
    if (!session) return;
    const result = await actions.cancel(link.managed, session, (current, quote) => nonceMatches(link.secret, link.token, cancelPurpose(current, quote), body.data.nonce));
    const paths = managePaths(link.token);
    if (result.kind === "cancelled") return res.redirect(303, paths.done(session.id, "cancelled"));
    const notice = result.kind === "terms_changed" ? "&notice=changed" : "";
    res.redirect(303, paths.cancelOf(session.id, notice));
  });

  /**
   * GET /m/:token/move[?session=<id>&date=YYYY-MM-DD&notice=taken|changed] → 200 HTML: a day field
   * (the session's own day by default) and that day's free times (the business's zone; the
   * session's own time counts as free, a plan's gaps are kept) as radio buttons POSTing
   * {session, nonce, start} to /m/:token/reschedule; or why it can no longer be moved.
   */
  router.get("/m/:token/move", async (req, res) => {
    const link = await linked(req, res);
    if (!link) return;
    const q = moveQuery.safeParse(req.query);
    if (!q.success) return badRequest(res, q.error);
    const session = sessionOf(res, link.managed, q.data.session);
    if (!session) return;
    const now = clock.now();
    const tz = link.managed.business.timezone;
    const day: LocalDate = q.data.date ? parseDay(q.data.date) : localDateOf(session.startAt, tz);
    const movable = !whyUnchangeable(session, now);
    const times = movable ? await actions.freeTimes(link.managed.business, session, day) : [];
    const nonce = movable ? formNonce(link.secret, link.token, reschedulePurpose(session)) : "";
    res.status(200).type("html").send(movePage(movePageView(link.managed, session, link.token, now, day, times, nonce, q.data.notice)));
  });

  /**
   * POST /m/:token/reschedule {session, nonce, start (ISO instant)} (form) → 303 to
   * /m/:token?done=moved when moved (by rescheduleBooking, as the customer; the customer is
   * texted); a time taken meanwhile (or no longer offered) → 303 to that day's times again with
   * notice=taken; a booking changed since the page → 303 to its times with notice=changed.
   */
  router.post("/m/:token/reschedule", async (req, res) => {
    const link = await linked(req, res);
    if (!link || crossSite(req, res)) return;
    const body = rescheduleBody.safeParse(req.body ?? {});
    if (!body.success) return badRequest(res, body.error);
    const session = sessionOf(res, link.managed, body.data.session);
    if (!session) return;
    const start = new Date(body.data.start);
    const result = await actions.reschedule(link.managed, session, start, (current) => nonceMatches(link.secret, link.token, reschedulePurpose(current), body.data.nonce));
    const paths = managePaths(link.token);
    const tz = link.managed.business.timezone;
    if (result.kind === "moved") return res.redirect(303, paths.done(session.id, "moved"));
    if (result.kind === "not_free") return res.redirect(303, paths.moveOf(session.id, `&date=${isoDate(localDateOf(start, tz))}&notice=taken`));
    res.redirect(303, paths.moveOf(session.id, result.kind === "booking_changed" ? "&notice=changed" : ""));
  });

  return router;
}

function parseDay(text: string): LocalDate {
  const [year, month, day] = text.split("-").map(Number) as [number, number, number];
  return { year, month, day };
}

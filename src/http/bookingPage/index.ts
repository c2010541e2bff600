/**
 * /b/<slug>: the business's booking page for customers, and /b/<slug>/embed, the same page to put
 * in an iframe on the business's own site. Plain HTML over GET and POST, so it works with
 * JavaScript off: the page's query says what the visitor has chosen so far (service → month → day →
 * time), each step a link; the form POSTs, and a booking made is answered with a 303 (post/redirect/
 * get) to its confirmation, or to Stripe Checkout when it is to be paid. A form that cannot be booked
 * comes back at once (400 with each error beside its field, 409 with the nearest free times), with
 * everything typed kept. Booking goes through the public API's own use case (bookOnlineAndConfirm),
 * and its POSTs count towards the public API's rate limit.
 *
 * Every /b/ response: a CSP allowing the page's own stylesheet (by hash) and script (same origin),
 * forms posted here (and the redirect to Checkout), framing by this site only (the embed: by
 * anyone); `Referrer-Policy: no-referrer` (the confirmation's links carry the manage token);
 * `Cache-Control: no-store` (free times change by the minute).
 */
import express, { type Request, type RequestHandler, type Response, Router } from "express";
import { z } from "zod";
import { bookingIdOfManageToken, manageLinkLive, manageToken } from "../../accounts/manageTokens";
import { customerVia } from "../../booking/actor";
import type { Business } from "../../booking/business";
import { type LocalDate, addLocalDays, localDateOf } from "../../booking/time";
import type { Clock } from "../../clock";
import type { Config } from "../../config/config";
import type { Database } from "../../db/client";
import type { Logger } from "../../logger";
import { type OnlineBookingOutcome, type OnlineBookingRequest, onlineBookingSchema } from "../../operations/bookOnline";
import { loadCustomerBooking } from "../../operations/customerBooking";
import { freeTimesByDay } from "../../operations/freeTimesByDay";
import { planScheduleFrom } from "../../operations/planScheduleFrom";
import { bookableService, publicCatalog } from "../../operations/publicCatalog";
import type { Services } from "../../services";
import { businessBySlug } from "../../tenancy/businesses";
import { type Chrome, type Field, bookingPage, confirmationPage, messagePage } from "../../web/bookingPage/pages";
import { BOOKING_SCRIPT } from "../../web/bookingPage/script";
import { BOOKING_CSS_HASH } from "../../web/bookingPage/styles";
import { clockWords, dayWords, zoneWords } from "../../web/shared/timeWords";
import { bookOnlineAndConfirm, manageUrlOf } from "../public/onlineBooking";
import { RATE_LIMIT, RATE_WINDOW_MS, publicPostLimit } from "../public/rateLimit";
import { type Choice, type FormState, type Month, bookingPageView, compareMonths, confirmationView, lastDayOf, monthOf, pagePaths } from "./views";

export interface BookingPageDeps {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  services: Services;
}

/** Where the page's script is served: its name carries its content hash, so it is cached for good. */
export const SCRIPT_PATH = `/static/booking/${BOOKING_SCRIPT.name}`;

const FIELDS: readonly Field[] = ["name", "phone", "email", "promoCode", "notes"];
const FIELD_WORDS: Record<string, string> = { name: "Your name", phone: "The phone number", email: "The email", promoCode: "The promo code", notes: "The notes", start: "The time" };

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().startsWith(d));
const pageQuery = z.object({
  service: z.string().uuid().optional(),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  date: isoDay.optional(),
  start: z.string().datetime({ offset: true }).optional(),
});

function parseDay(text: string): LocalDate {
  const [year, month, day] = text.split("-").map(Number) as [number, number, number];
  return { year, month, day };
}

export function bookingPageRoutes(deps: BookingPageDeps): Router {
  const { database, clock, services, config } = deps;
  const db = database.db;
  const router = Router();
  // Stripe Checkout's origin (the fake's in tests): a form's redirect there is a form action too.
  const checkoutOrigin = config.stripe.apiBase ? new URL(config.stripe.apiBase).origin : "https://checkout.stripe.com";
  const limit = publicPostLimit({ db, clock, logger: deps.logger }, (res, seconds) => {
    const minutes = Math.ceil(seconds / 60);
    res
      .status(429)
      .type("html")
      .send(messagePage("Too many tries", `At most ${RATE_LIMIT} bookings can be sent from one address in ${RATE_WINDOW_MS / 60_000} minutes. Please try again in ${minutes === 1 ? "a minute" : `${minutes} minutes`}.`));
  });

  /**
   * GET /static/booking/enhance.<hash>.js → the page's script (application/javascript, cached for a
   * year: a changed script has another name).
   */
  router.get(SCRIPT_PATH, (_req, res) => {
    res.set({ "Content-Type": "application/javascript; charset=utf-8", "Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff" }).send(BOOKING_SCRIPT.source);
  });

  for (const framed of [false, true]) mount(framed);
  return router;

  function mount(framed: boolean) {
    const prefix = framed ? "/b/:slug/embed" : "/b/:slug";
    const headers = securityHeaders(framed, checkoutOrigin);
    const form = express.urlencoded({ extended: false, limit: "8kb", parameterLimit: 20 });

    /**
     * GET /b/:slug[/embed][?service=<id>&month=YYYY-MM&date=YYYY-MM-DD&start=<ISO instant>] → 200
     * HTML: the business (name, address, contact email), its services (duration, price, a plan in
     * one line); with `service`, a month of days with free times (this month by default, the month
     * of `date` when given; months from this one to the last bookable); with `date`, that day's free
     * times (the business's zone, named); with `start` (one of them), the booking form (for an
     * immediate plan the whole schedule first) POSTing to …/book. A malformed query is a 400 page;
     * a service not bookable here a 404 page; an unknown slug a 404 page.
     */
    router.get(prefix, headers, async (req, res) => {
      const business = await businessOr404(req, res);
      if (!business) return;
      const q = pageQuery.safeParse(req.query);
      if (!q.success) return void res.status(400).type("html").send(messagePage("This address is not valid", "Part of this page's address could not be read.", { href: home(req, framed), label: "Start again" }));
      const { service, month, date, start } = q.data;
      const page = await renderPage(business, framed, req, { serviceId: service, month, date: date ? parseDay(date) : undefined, start: start ? new Date(start) : undefined }, null);
      res.status(page.status).type("html").send(page.html);
    });

    /**
     * POST /b/:slug[/embed]/book {serviceId, start (ISO instant), name, phone, email?, promoCode?,
     * notes?} (form) → a booking by bookOnlineAndConfirm as the customer (texted the manage link):
     * confirmed or awaiting approval → 303 to …/confirmation/m/<token>; to be paid → 303 to Stripe
     * Checkout; bad input → 400 page with the form again, each error beside its field; a time not
     * free → 409 page with the nearest free times to choose from; refused → 409; Checkout not
     * opening → 502; past the rate limit → 429 page with Retry-After. Typed values are kept.
     */
    router.post(`${prefix}/book`, headers, limit, form, async (req, res) => {
      const business = await businessOr404(req, res);
      if (!business) return;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
      const values = Object.fromEntries(FIELDS.map((f) => [f, text(f)])) as Record<Field, string>;
      const serviceId = text("serviceId");
      const startText = text("start");
      const start = z.string().datetime({ offset: true }).safeParse(startText).success ? new Date(startText) : undefined;
      const again = async (status: number, state: Omit<FormState, "values">, at: Date | undefined = start) => {
        const day = at ? localDateOf(at, business.timezone) : undefined;
        const page = await renderPage(business, framed, req, { serviceId: serviceId || undefined, date: day, start: state.alternatives ? undefined : at }, { values, ...state });
        res.status(page.status === 200 ? status : page.status).type("html").send(page.html);
      };

      const parsed = onlineBookingSchema.safeParse({ serviceId, start: startText, ...values });
      if (!parsed.success) {
        const errors = fieldErrors(parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? "request"), message: i.message })));
        if (errors.serviceId) return void res.status(400).type("html").send(messagePage("This form is not valid", "Please choose the service again.", { href: home(req, framed), label: "Back to the services" }));
        // No time chosen among the nearest ones offered: offer them again.
        if (errors.start && !start) return again(400, { errors: { start: "Please choose one of the times." }, problem: null, alternatives: [] });
        return again(400, { errors, problem: null, alternatives: null });
      }
      const answer = async (o: OnlineBookingOutcome, request: OnlineBookingRequest): Promise<void> => {
        switch (o.kind) {
          case "booked": {
            if (o.checkoutUrl) return void res.redirect(303, o.checkoutUrl);
            const token = manageToken(await services.sessionSecret(), o.id);
            return void res.redirect(303, pagePaths(home(req, framed)).confirmation(token));
          }
          case "invalid":
            return again(400, { errors: fieldErrors(o.errors), problem: null, alternatives: null });
          case "not_free": {
            const failed = new Date(o.failedStart ?? request.start);
            const what = o.reason === "plan_incomplete" ? "A later session of this plan finds no free time from" : "Sorry, this time was just taken:";
            const problem = `${what} ${whenOf(failed, business)}. ${o.alternatives.length > 0 ? "Here are the nearest free times: choose one and send again." : "Please choose another day."}`;
            return again(409, { errors: {}, problem, alternatives: o.alternatives.map((a) => new Date(a)) }, new Date(request.start));
          }
          case "refused":
            return again(409, { errors: {}, problem: `${o.detail}.`, alternatives: null });
        }
      };
      const outcome = await bookOnlineAndConfirm(
        { database, bookingService: services.bookingService, payments: services.payments, outbox: services.notifier, clock, logger: deps.logger, publicBaseUrl: config.publicBaseUrl, sessionSecret: services.sessionSecret },
        business,
        parsed.data,
      );
      await answer(outcome, parsed.data);
    });

    /**
     * GET /b/:slug[/embed]/confirmation/m/:token → 200 HTML: the booking the manage token names (for
     * a plan every session), what happens next (booked, request sent, awaiting payment), an "Add to
     * calendar" .ics link (/m/<token>/calendar.ics), a Google Calendar link per session and the
     * manage link. 404 page for a token that is altered, expired or another business's. (The token
     * follows "/m/" so the logs redact it as they redact every manage link.)
     */
    router.get(`${prefix}/confirmation/m/:token`, headers, async (req, res) => {
      const business = await businessOr404(req, res);
      if (!business) return;
      const token = String(req.params.token ?? "");
      const secret = await services.sessionSecret();
      const id = bookingIdOfManageToken(secret, token);
      const managed = id ? await loadCustomerBooking(db, id) : undefined;
      if (!managed || managed.business.id !== business.id || !manageLinkLive(managed.booking.startAt, clock.now())) {
        return void res.status(404).type("html").send(messagePage("Booking not found", "This confirmation link does not work. Your booking's details are in the text we sent you.", { href: home(req, framed), label: "Back to the booking page" }));
      }
      const manageUrl = manageUrlOf(config.publicBaseUrl, secret, managed.booking.id);
      const view = confirmationView(managed, { chrome: chrome(business, home(req, framed)), calendarHref: `/m/${token}/calendar.ics`, manageHref: `/m/${token}`, manageUrl, framed });
      res.status(200).type("html").send(confirmationPage(view));
    });
  }

  function home(req: Request, framed: boolean): string {
    const slug = encodeURIComponent(String(req.params.slug ?? ""));
    return framed ? `/b/${slug}/embed` : `/b/${slug}`;
  }

  function chrome(business: Business, homePath: string): Chrome {
    return { businessName: business.name, timezone: business.timezone, zone: zoneWords(business.timezone), scriptSrc: SCRIPT_PATH, home: homePath };
  }

  async function businessOr404(req: Request, res: Response): Promise<Business | undefined> {
    const business = await businessBySlug(db, String(req.params.slug ?? ""));
    if (!business) res.status(404).type("html").send(messagePage("Page not found", "There is no booking page at this address. Please check the link the business gave you."));
    return business ?? undefined;
  }

  /** The page for what the visitor has chosen, read in one transaction: 200, or 404 when the service is not bookable here. */
  async function renderPage(
    business: Business,
    framed: boolean,
    req: Request,
    wanted: { serviceId?: string; month?: string; date?: LocalDate; start?: Date },
    form: FormState | null,
  ): Promise<{ status: number; html: string }> {
    const tz = business.timezone;
    const now = clock.now();
    const today = localDateOf(now, tz);
    const months = { first: monthOf(today), last: monthOf(addLocalDays(today, business.maxAdvanceDays)) };
    return db.transaction(async (tx) => {
      const catalog = await publicCatalog(tx, business);
      const service = catalog.services.find((s) => s.id === wanted.serviceId);
      let month: Month = wanted.date ? monthOf(wanted.date) : wanted.month ? { year: Number(wanted.month.slice(0, 4)), month: Number(wanted.month.slice(5)) } : months.first;
      if (compareMonths(month, months.first) < 0) month = months.first;
      if (compareMonths(month, months.last) > 0) month = months.last;
      const inMonth = wanted.date && compareMonths(monthOf(wanted.date), month) === 0;
      const choice: Choice = { service, month, date: inMonth ? wanted.date : undefined, start: inMonth ? wanted.start : undefined };
      const ctx = { tx, bookingService: services.bookingService, payments: services.payments, clock, actor: customerVia("web"), business };
      const row = service ? await bookableService(tx, business.id, service.id) : undefined;
      const free = row ? await freeTimesByDay(ctx, row, { from: { ...month, day: 1 }, to: lastDayOf(month) }) : null;
      const immediate = row?.strategy === "immediate" && (row.totalSessions ?? 1) > 1;
      const schedule = row && immediate && choice.start ? ((await planScheduleFrom(ctx, row, choice.start)) ?? null) : null;
      const homePath = home(req, framed);
      const paysByCheckout = Boolean(service?.requiresPayment && service.priceCents > 0 && services.payments.byLink);
      const view = bookingPageView({
        chrome: chrome(business, homePath),
        catalog,
        choice,
        months,
        free,
        schedule,
        form,
        // Checkout refuses frames: from the embed, a form that leads there is sent by the whole window.
        formAction: framed && paysByCheckout ? { action: pagePaths(home(req, false)).book, target: "_top" } : { action: pagePaths(homePath).book, target: null },
        paymentsByLink: services.payments.byLink,
        warning: wanted.serviceId && !service ? "That service cannot be booked here. Please choose one of these." : null,
      });
      return { status: wanted.serviceId && !service ? 404 : 200, html: bookingPage(view) };
    });
  }
}

function securityHeaders(framed: boolean, checkoutOrigin: string): RequestHandler {
  const csp = [
    "default-src 'none'",
    `style-src '${BOOKING_CSS_HASH}'`,
    "script-src 'self'",
    "connect-src 'self'",
    `form-action 'self' ${checkoutOrigin}`,
    `frame-ancestors ${framed ? "*" : "'self'"}`,
    "base-uri 'none'",
  ].join("; ");
  return (_req, res, next) => {
    res.set({
      "Content-Security-Policy": csp,
      "Referrer-Policy": "no-referrer",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      ...(framed ? {} : { "X-Frame-Options": "SAMEORIGIN" }),
    });
    next();
  };
}

/** Each field's first error, as a sentence: "The phone number is not a phone number we can text…". */
function fieldErrors(errors: { field: string; message: string }[]): FormState["errors"] & { serviceId?: string } {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.field] ??= `${FIELD_WORDS[e.field] ?? e.field} ${e.message}.`.replace(/\.\.$/, ".").replace(/\)\.$/, ").");
  return out;
}

/** "Tuesday 3 March 2026 at 10:00" on the business's clock. */
function whenOf(at: Date, business: Business): string {
  return `${dayWords(at.toISOString(), business.timezone)} at ${clockWords(at, business.timezone)}`;
}

/**
 * The customer's manage page (/m/<token>): customers book by texting the real webhook, then open
 * the link a confirmation carries (the token made with the server's own session secret). The page
 * shows the booking; cancelling states the terms first; moving offers the day's free times; the
 * customer is texted either way (GET /admin/messages); the .ics is parsed back with ical.js; the
 * server's log (captured) never holds a token.
 */
import { randomUUID } from "node:crypto";
import express from "express";
import request from "supertest";
import { loadSessionSecret } from "../../src/accounts/deploymentSecret";
import { manageToken } from "../../src/accounts/manageTokens";
import { errorHandler } from "../../src/http/problem";
import { createLogger } from "../../src/logger";
import { type AdminServer, type BookingJson, PUBLIC_BASE_URL, phoneMaker, startAdminServer } from "../support/adminClient";

let server: AdminServer;
let secret: string;
/** ical.js is an ES module; this test file is CommonJS, so it comes in through import(). */
let ICAL: typeof import("ical.js", { with: { "resolution-mode": "import" } }).default;
const logLines: string[] = [];
const newPhone = phoneMaker("555318");
/** Every token a test opened: none may ever reach the log. */
const tokensUsed: string[] = [];

beforeAll(async () => {
  ICAL = (await import("ical.js")).default;
  server = await startAdminServer({ logger: createLogger("info", { write: (line: string) => void logLines.push(line) }) });
  // The secret the server signs links with: SESSION_SECRET is unset, so the one it keeps in the database.
  secret = await loadSessionSecret(server.database.db, server.config.sessionSecret, server.clock.now());
}, 60_000);
afterAll(async () => {
  await server.close();
});

function linkOf(bookingId: string): string {
  const token = manageToken(secret, bookingId);
  tokensUsed.push(token);
  return `/m/${token}`;
}

/** A customer books by text ("<what> <when>", then "yes"); returns their bookings. */
async function bookByText(phone: string, words: string): Promise<BookingJson[]> {
  const [question] = await server.text(phone, words);
  expect(question).toMatch(/\(yes\/no\)$/);
  const [done] = await server.text(phone, "yes");
  expect(done).toMatch(/^Booked: /);
  server.clock.advanceMinutes(1);
  return server.bookings({ phone });
}

const get = (path: string) => request(server.app).get(path);
const post = (path: string, form: Record<string, string>) => request(server.app).post(path).type("form").send(form);
const outgoing = async (phone: string) => (await server.messagesOf(phone)).filter((m) => m.direction === "out").map((m) => m.body);
const bookingById = async (phone: string, id: string) => (await server.bookings({ phone })).find((b) => b.id === id)!;

function hiddenField(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no field ${name} in the page`);
  return match[1]!;
}

/** The radio buttons of the move page: [label, value]. */
function timesOn(html: string): [string, string][] {
  return [...html.matchAll(/<input type="radio" id="time-\d+" name="start" value="([^"]+)" required>([^<]+)<\/label>/g)].map((m) => [m[2]!, m[1]!]);
}

function expectManageHeaders(res: request.Response): void {
  expect(res.headers["referrer-policy"]).toBe("no-referrer");
  expect(res.headers["cache-control"]).toBe("no-store");
  expect(res.headers["x-frame-options"]).toBe("DENY");
  const csp = res.headers["content-security-policy"] as string;
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).not.toMatch(/script-src|unsafe-inline/);
}

describe("GET /m/:token", () => {
  let phone: string;
  let haircut: BookingJson;
  beforeAll(async () => {
    phone = newPhone();
    haircut = (await bookByText(phone, "can I get a haircut on March 16 at 2pm?"))[0]!;
  });

  it("shows the business, the service, the time in the business's zone (named), staff, status, price and payment", async () => {
    const res = await get(linkOf(haircut.id));
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html; charset=utf-8/);
    expectManageHeaders(res);
    const html = res.text;
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<p>Slotline Demo Salon</p><h1>Your booking</h1>");
    expect(html).toContain("<dt>Service</dt><dd>Haircut</dd>");
    expect(html).toContain("<dt>When</dt><dd>Monday 16 March 2026, 14:00–14:30</dd>");
    expect(html).toMatch(/<dt>Staff<\/dt><dd>(Alex|Sam)<\/dd>/);
    expect(html).toContain('<span class="status">Confirmed</span>');
    expect(html).toContain("<dt>Price</dt><dd>$35.00</dd>");
    expect(html).toContain("<dt>Payment</dt><dd>Pay $35.00 at the appointment</dd>");
    expect(html).toContain("Times are in New York time (America/New_York).");
    expect(html).toContain('aria-label="Move booking">Move</a>');
    expect(html).toContain('aria-label="Cancel booking">Cancel</a>');
    expect(html).not.toContain("<script");
    expect(Buffer.byteLength(html)).toBeLessThan(100 * 1024);
  });

  it("answers an altered, an unknown or a malformed link with a 404 page, with the same headers", async () => {
    const token = manageToken(secret, haircut.id);
    const altered = token.slice(0, 30) + (token[30] === "A" ? "B" : "A") + token.slice(31);
    const unknown = manageToken(secret, randomUUID());
    tokensUsed.push(token, altered, unknown);
    for (const path of [`/m/${altered}`, `/m/${unknown}`, "/m/not-a-token", `/m/${altered}/calendar.ics`, `/m/${unknown}/cancel`, `/m/${unknown}/move`]) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(res.text).toContain("<h1>Link not found</h1>");
      expectManageHeaders(res);
    }
    const posted = await post(`/m/${unknown}/cancel`, { session: haircut.id, nonce: "x" });
    expect(posted.status).toBe(404);
    expect((await bookingById(phone, haircut.id)).status).toBe("confirmed");
  });
});

describe("cancelling on the manage page", () => {
  let phone: string;
  let haircut: BookingJson;
  let link: string;
  beforeAll(async () => {
    phone = newPhone();
    haircut = (await bookByText(phone, "haircut on March 19 at 3pm"))[0]!;
    link = linkOf(haircut.id);
    const patched = await server.admin.patch("/admin/business", { cancellation: { freeUntilHours: 24, lateFeePercent: 50 } });
    expect(patched.status).toBe(200);
  });
  afterAll(async () => {
    await server.admin.patch("/admin/business", { cancellation: { freeUntilHours: 24, lateFeePercent: 0 } });
  });

  it("states the fee policy and what cancelling now keeps and refunds, as the cancellation itself would", async () => {
    const quote = await server.admin.get(`/admin/bookings/${haircut.id}/cancellation`);
    expect(quote.body).toEqual(expect.objectContaining({ late: false, feeCents: 0, refundCents: 0 }));
    const res = await get(`${link}/cancel`);
    expect(res.status).toBe(200);
    expectManageHeaders(res);
    expect(res.text).toContain("<strong>Haircut, Thursday 19 March 2026, 15:00–15:30</strong>");
    expect(res.text).toContain("Our policy: cancelling is free until 24 hours before the start; after that, 50% of what you paid is kept.");
    expect(res.text).toContain("Nothing has been paid, so cancelling now costs nothing (free until 15:00 on Wednesday 18 March 2026).");
    expect(res.text).toContain(`<form method="post" action="${link}/cancel">`);
    expect(res.text).toContain('<button type="submit" class="danger">Cancel booking</button>');
  });

  it("refuses a form that was not the page's (a wrong nonce) or comes from another site, and cancels nothing", async () => {
    const forged = await post(`${link}/cancel`, { session: haircut.id, nonce: "AAAAAAAAAAAAAAAAAAAAAA" });
    expect(forged.status).toBe(303);
    expect(forged.headers.location).toBe(`${link}/cancel?session=${haircut.id}&notice=changed`);
    const nonce = hiddenField((await get(`${link}/cancel`)).text, "nonce");
    const crossSite = await post(`${link}/cancel`, { session: haircut.id, nonce }).set("Sec-Fetch-Site", "cross-site");
    expect(crossSite.status).toBe(403);
    expect((await bookingById(phone, haircut.id)).status).toBe("confirmed");
    const again = await get(forged.headers.location!);
    expect(again.text).toContain("Your booking or its cancellation terms changed since you opened this page.");
  });

  it("cancels as the customer, texts them the chat's words, redirects to the page that shows it, and a reload repeats nothing", async () => {
    const form = (await get(`${link}/cancel`)).text;
    const body = { session: hiddenField(form, "session"), nonce: hiddenField(form, "nonce") };
    const res = await post(`${link}/cancel`, body);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${link}?done=cancelled&session=${haircut.id}`);
    expect(res.headers["referrer-policy"]).toBe("no-referrer");

    expect((await bookingById(phone, haircut.id)).status).toBe("cancelled");
    const texts = await outgoing(phone);
    expect(texts[texts.length - 1]).toBe("Cancelled: Haircut, Thu 19 Mar, 15:00. Reply any time to book again.");
    const history = (await server.admin.get(`/admin/bookings/${haircut.id}/history`)).body.items as { kind: string; actor: { kind: string } }[];
    expect(history[history.length - 1]).toEqual(expect.objectContaining({ kind: "cancelled", actor: expect.objectContaining({ kind: "customer" }) }));

    const page = (await get(res.headers.location!)).text;
    expect(page).toContain("Cancelled: Haircut, Thursday 19 March 2026, 15:00–15:30.");
    expect(page).toContain('<span class="status">Cancelled</span>');
    expect(page).toContain("This booking is cancelled, so there is nothing left to change.");
    expect(page).not.toContain('aria-label="Cancel booking"');

    const repeated = await post(`${link}/cancel`, body);
    expect(repeated.status).toBe(303);
    expect((await get(repeated.headers.location!)).text).toContain("This booking is cancelled, so there is nothing left to change.");
    expect(await outgoing(phone)).toHaveLength(texts.length);
  });
});

describe("moving on the manage page", () => {
  let phone: string;
  let haircut: BookingJson;
  let link: string;
  beforeAll(async () => {
    phone = newPhone();
    haircut = (await bookByText(phone, "haircut on March 23 at 2pm"))[0]!;
    link = linkOf(haircut.id);
  });

  it("offers the booking's own day first, its own time among the free ones, in the business's zone", async () => {
    const res = await get(`${link}/move`);
    expect(res.status).toBe(200);
    expectManageHeaders(res);
    expect(res.text).toContain('<input type="date" id="date" name="date" value="2026-03-23"');
    expect(res.text).toContain("<legend>Free times on Monday 23 March 2026</legend>");
    const times = timesOn(res.text);
    expect(times).toContainEqual(["14:00 (your time now)", "2026-03-23T18:00:00.000Z"]);
    expect(res.text).toContain('<label for="date">Date</label>');
  });

  it("lists another day's free times and moves the booking to the one chosen; the customer is texted", async () => {
    const page = await get(`${link}/move?session=${haircut.id}&date=2026-03-24`);
    const times = timesOn(page.text);
    expect(times.map(([label]) => label)).toContain("10:00");
    const [, ten] = times.find(([label]) => label === "10:00")!;
    expect(ten).toBe("2026-03-24T14:00:00.000Z");
    const res = await post(`${link}/reschedule`, { session: haircut.id, nonce: hiddenField(page.text, "nonce"), start: ten });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${link}?done=moved&session=${haircut.id}`);

    const moved = await bookingById(phone, haircut.id);
    expect(moved.start).toBe("2026-03-24T10:00:00-04:00");
    expect(moved.status).toBe("confirmed");
    const texts = await outgoing(phone);
    expect(texts[texts.length - 1]).toBe("Done: Haircut, Tue 24 Mar, 10:00. See you then!");
    expect((await get(res.headers.location!)).text).toContain("Moved: Haircut, Tuesday 24 March 2026, 10:00–10:30.");

    // The same form again: the booking is no longer where the form saw it, so nothing moves.
    const stale = await post(`${link}/reschedule`, { session: haircut.id, nonce: hiddenField(page.text, "nonce"), start: times[0]![1] });
    expect(stale.status).toBe(303);
    expect(stale.headers.location).toBe(`${link}/move?session=${haircut.id}&notice=changed`);
    expect((await bookingById(phone, haircut.id)).start).toBe("2026-03-24T10:00:00-04:00");
  });

  it("says a time taken meanwhile was taken, and shows that day's times again without it", async () => {
    const page = await get(`${link}/move?date=2026-03-25`);
    const [, eleven] = timesOn(page.text).find(([label]) => label === "11:00")!;
    // Both staff members are booked at 11:00 by other customers while the page is open.
    await bookByText(newPhone(), "haircut on March 25 at 11am");
    await bookByText(newPhone(), "haircut on March 25 at 11am");
    const before = await outgoing(phone);

    const res = await post(`${link}/reschedule`, { session: haircut.id, nonce: hiddenField(page.text, "nonce"), start: eleven });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${link}/move?session=${haircut.id}&date=2026-03-25&notice=taken`);
    const again = await get(res.headers.location!);
    expect(again.text).toContain("Sorry, that time was just taken. Here are the free times that day again.");
    expect(again.text).toContain("<legend>Free times on Wednesday 25 March 2026</legend>");
    const labels = timesOn(again.text).map(([label]) => label);
    expect(labels).not.toContain("11:00");
    expect(labels).toContain("10:00");
    expect((await bookingById(phone, haircut.id)).start).toBe("2026-03-24T10:00:00-04:00");
    expect(await outgoing(phone)).toEqual(before);
  });

  it("answers a form without a time with a 400 page naming the field", async () => {
    const page = await get(`${link}/move`);
    const res = await post(`${link}/reschedule`, { session: haircut.id, nonce: hiddenField(page.text, "nonce") });
    expect(res.status).toBe(400);
    expect(res.text).toContain("start: not valid");
    const badDay = await get(`${link}/move?date=2026-02-30`);
    expect(badDay.status).toBe(400);
    expect(badDay.text).toContain("date: not valid");
  });
});

describe("GET /m/:token/calendar.ics", () => {
  let haircut: BookingJson;
  beforeAll(async () => {
    haircut = (await bookByText(newPhone(), "haircut on March 20 at 9am"))[0]!;
  });
  afterAll(async () => {
    await server.admin.patch("/admin/business", { address: null });
  });

  function parse(text: string) {
    const calendar = new ICAL.Component(ICAL.parse(text));
    return { calendar, events: calendar.getAllSubcomponents("vevent") };
  }

  it("is the booking as an RFC 5545 event: UID, DTSTART/DTEND in UTC, SUMMARY, the manage link, no METHOD and no LOCATION without an address", async () => {
    const link = linkOf(haircut.id);
    const res = await get(`${link}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/calendar; charset=utf-8");
    expectManageHeaders(res);
    const { calendar, events } = parse(res.text);
    expect(calendar.name).toBe("vcalendar");
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(calendar.getFirstProperty("method")).toBeNull();
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event.getFirstPropertyValue("uid")).toBe(`${haircut.id}@bot.example.test`);
    type Time = InstanceType<typeof ICAL.Time>;
    const start = event.getFirstPropertyValue("dtstart") as Time;
    const end = event.getFirstPropertyValue("dtend") as Time;
    expect(start.zone?.tzid).toBe("UTC");
    expect(start.toJSDate().toISOString()).toBe("2026-03-20T13:00:00.000Z");
    expect(end.zone?.tzid).toBe("UTC");
    expect(end.toJSDate().toISOString()).toBe("2026-03-20T13:30:00.000Z");
    expect(res.text).toMatch(/\r\nDTSTART:20260320T130000Z\r\n/);
    expect(event.getFirstPropertyValue("summary")).toBe("Haircut · Slotline Demo Salon");
    expect(event.getFirstProperty("location")).toBeNull();
    expect(event.getFirstPropertyValue("description")).toBe(`See, move or cancel your booking: ${PUBLIC_BASE_URL}${link}`);
    expect(event.getFirstPropertyValue("dtstamp")).toBeTruthy();
  });

  it("names the business's address as LOCATION once it has one", async () => {
    expect((await server.admin.patch("/admin/business", { address: "12 Main St, Springfield" })).status).toBe(200);
    const { events } = parse((await get(`${linkOf(haircut.id)}/calendar.ics`)).text);
    expect(events[0]!.getFirstPropertyValue("location")).toBe("12 Main St, Springfield");
  });
});

describe("a plan's manage link", () => {
  let phone: string;
  let sessions: BookingJson[];
  beforeAll(async () => {
    phone = newPhone();
    sessions = await bookByText(phone, "implant on wednesday at 10am");
    expect(sessions).toHaveLength(3);
  });

  it("lists every session of the plan, whichever session the link names", async () => {
    for (const named of [sessions[0]!, sessions[1]!]) {
      const html = (await get(linkOf(named.id))).text;
      expect(html).toContain("<dt>Plan</dt><dd>A plan of 3 sessions</dd>");
      expect(html).toContain("<h3>Consultation and fitting (session 1 of 3)</h3>\n<p>Wednesday 4 March 2026, 10:00–11:00");
      expect(html).toContain("<h3>Integration check (session 2 of 3)</h3>");
      expect(html).toContain("<h3>Final fitting (session 3 of 3)</h3>");
      expect(html).toContain('aria-label="Move Integration check (session 2 of 3)">Move</a>');
      expect(html).toContain(`/cancel?session=${sessions[2]!.id}`);
    }
  });

  it("has one VEVENT per session in its .ics", async () => {
    const text = (await get(`${linkOf(sessions[0]!.id)}/calendar.ics`)).text;
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents("vevent");
    expect(events.map((e) => e.getFirstPropertyValue("uid"))).toEqual(sessions.map((s) => `${s.id}@bot.example.test`));
  });

  it("reaches no booking outside the plan", async () => {
    const [other] = await bookByText(newPhone(), "haircut on March 26 at 10am");
    const res = await get(`${linkOf(sessions[0]!.id)}/cancel?session=${other!.id}`);
    expect(res.status).toBe(404);
  });
});

describe("logs", () => {
  it("print a message that carries a manage link with its token redacted", async () => {
    const phone = newPhone();
    const [haircut] = await bookByText(phone, "haircut on March 27 at 10am");
    const link = linkOf(haircut!.id);
    const threads = await server.admin.get(`/admin/conversations?q=${encodeURIComponent(phone)}`);
    const thread = (threads.body.items as { id: string; customer: { phone: string } }[]).find((t) => t.customer.phone === phone)!;
    const sent = await server.admin.post(`/admin/conversations/${thread.id}/messages`, { body: `Manage your booking here: ${PUBLIC_BASE_URL}${link}` });
    expect(sent.status).toBe(201);
    expect(sent.body.status).toBe("logged");
    expect(logLines.join("")).toContain(`"body":"Manage your booking here: ${PUBLIC_BASE_URL}/m/[redacted]"`);
  });

  it("log a request that failed on a manage link without its token", async () => {
    const lines: string[] = [];
    const app = express();
    app.get("/m/:token/cancel", () => {
      throw new Error("boom");
    });
    app.use(errorHandler(createLogger("info", { write: (line: string) => void lines.push(line) })));
    const token = manageToken(secret, randomUUID());
    expect((await request(app).get(`/m/${token}/cancel`)).status).toBe(500);
    expect(lines.join("")).toContain('"path":"/m/[redacted]/cancel"');
    expect(lines.join("")).not.toContain(token);
  });

  it("never held any token this suite opened", () => {
    const log = logLines.join("");
    expect(log).toContain("outbound message (no provider configured)");
    for (const token of tokensUsed) expect(log).not.toContain(token);
  });
});

describe("an expired link", () => {
  it("is a 404 from 30 days after the booking's start", async () => {
    const [haircut] = await bookByText(newPhone(), "haircut on March 30 at 10am");
    const link = linkOf(haircut!.id);
    expect((await get(link)).status).toBe(200);
    server.clock.set("2026-04-29T14:00:00Z");
    expect((await get(link)).status).toBe(200);
    server.clock.set("2026-04-29T14:00:01Z");
    const res = await get(link);
    expect(res.status).toBe(404);
    expect(res.text).toContain("<h1>Link not found</h1>");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect((await get(`${link}/calendar.ics`)).status).toBe(404);
  });
});

describe("a plan's link", () => {
  it("lives until 30 days after the plan's last session, not its first", async () => {
    const sessions = await bookByText(newPhone(), "implant on may 6 at 10am");
    expect(sessions).toHaveLength(3);
    const link = linkOf(sessions[0]!.id);
    const last = new Date(sessions[2]!.start).getTime();
    expect(last - new Date(sessions[0]!.start).getTime()).toBeGreaterThan(31 * 86_400_000);
    server.clock.set(new Date(new Date(sessions[0]!.start).getTime() + 31 * 86_400_000).toISOString());
    expect((await get(link)).status).toBe(200);
    server.clock.set(new Date(last + 30 * 86_400_000 + 1000).toISOString());
    expect((await get(link)).status).toBe(404);
  });
});

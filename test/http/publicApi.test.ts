/**
 * The public API the booking page calls (/api/public/:slug…): the business and its services, free
 * times day by day, booking with the customer texted the manage link, and the shared rate limit.
 * The demo salon (New York time) on Monday 2 March 2026, 08:00. Runs on PGlite, and on PostgreSQL
 * with DATABASE_URL.
 */
import request from "supertest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { bookingIdOfManageToken } from "../../src/accounts/manageTokens";
import { bookings, customers, rateLimitHits } from "../../src/db/schema";
import { type AdminServer, PUBLIC_BASE_URL, expectProblem, fieldsOf, phoneMaker, startAdminServer } from "../support/adminClient";
import { type PaymentsServer, startPaymentsServer } from "../support/paymentsServer";

const SESSION_SECRET = "public-api-test-secret-0123456789abcdef";
const SLUG = "slotline-demo-salon";
const newPhone = phoneMaker("555318");

let server: AdminServer;
const serviceIds: Record<string, string> = {};

beforeAll(async () => {
  server = await startAdminServer({ env: { TRUST_PROXY: "1", SESSION_SECRET } });
  const res = await server.admin.get("/admin/services");
  for (const s of res.body.items as { id: string; name: string }[]) serviceIds[s.name] = s.id;
}, 60_000);
afterAll(async () => {
  await server.close();
});

let clientCounter = 0;
/** A client address of its own per call (X-Forwarded-For, believed with TRUST_PROXY=1), so the limit counts only where a test means it to. */
const freshClient = () => `198.51.100.${++clientCounter}`;

function book(body: Record<string, unknown>, options: { app?: Parameters<typeof request>[0]; client?: string; slug?: string } = {}) {
  return request(options.app ?? server.app)
    .post(`/api/public/${options.slug ?? SLUG}/bookings`)
    .set("X-Forwarded-For", options.client ?? freshClient())
    .send(body);
}

function availability(query: Record<string, string>, slug = SLUG) {
  return request(server.app).get(`/api/public/${slug}/availability?${new URLSearchParams(query).toString()}`);
}

interface Days {
  timezone: string;
  days: Record<string, { start: string; end: string }[]>;
}

const starts = (body: Days, day: string) => body.days[day]!.map((t) => t.start);

describe("GET /api/public/:slug", () => {
  it("answers the business's details, policy and active services", async () => {
    const created = await server.admin.post("/admin/services", { name: "Retired cut", durationMinutes: 30, priceCents: 1000 });
    await server.admin.patch(`/admin/services/${created.body.id}`, { active: false });
    await server.admin.patch("/admin/business", { address: "1 Main St, Springfield", contactEmail: "hello@demo.example" });

    const res = await request(server.app).get(`/api/public/${SLUG}`);

    expect(res.status).toBe(200);
    expect(res.body.business).toEqual({
      name: "Slotline Demo Salon",
      timezone: "America/New_York",
      currency: "USD",
      address: "1 Main St, Springfield",
      contactEmail: "hello@demo.example",
      requireEmail: false,
      country: "US",
      cancellation: { freeUntilHours: 24, lateFeePercent: 0 },
    });
    const byName = Object.fromEntries((res.body.services as { name: string }[]).map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual(["Colour treatment", "Hair implant", "Haircut", "Scalp physio", "Styling lessons", "Styling pass"]);
    expect(byName["Haircut"]).toEqual({ id: serviceIds["Haircut"], name: "Haircut", durationMinutes: 30, priceCents: 3500, currency: "USD", requiresPayment: false });
    expect(byName["Hair implant"]).toEqual(
      expect.objectContaining({
        requiresPayment: true,
        multiSession: { strategy: "immediate", totalSessions: 3, gapDays: [14, 31], sessionLabels: ["Consultation and fitting", "Integration check", "Final fitting"] },
      }),
    );
    expect(byName["Scalp physio"]).toEqual(expect.objectContaining({ multiSession: { strategy: "sequential", totalSessions: 8, minGapDays: 7 } }));
    expect(byName["Styling pass"]).toEqual(expect.objectContaining({ packageSessions: 3, requiresPayment: true }));
  });

  it("is 404 for a slug no business has, on every route", async () => {
    expectProblem(await request(server.app).get("/api/public/no-such-salon"), 404);
    expectProblem(await availability({ serviceId: serviceIds["Haircut"]!, from: "2026-03-03", to: "2026-03-04" }, "no-such-salon"), 404);
    expectProblem(await book({ serviceId: serviceIds["Haircut"], start: "2026-03-03T10:00:00-05:00", name: "A", phone: "+15550100000" }, { slug: "no-such-salon" }), 404);
  });
});

describe("GET /api/public/:slug/availability", () => {
  it("lists each day's free times with the business's offset, across the spring-forward week", async () => {
    const res = await availability({ serviceId: serviceIds["Haircut"]!, from: "2026-03-06", to: "2026-03-10" });

    expect(res.status).toBe(200);
    const body = res.body as Days;
    expect(body.timezone).toBe("America/New_York");
    expect(Object.keys(body.days)).toEqual(["2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09", "2026-03-10"]);
    // Saturday (Sam, 10-18) in EST; Sunday closed; Monday (Alex, 9-17) in EDT, the same wall-clock hours.
    expect(body.days["2026-03-07"]![0]).toEqual({ start: "2026-03-07T10:00:00-05:00", end: "2026-03-07T10:30:00-05:00" });
    expect(starts(body, "2026-03-07")).toHaveLength(31);
    expect(body.days["2026-03-08"]).toEqual([]);
    expect(body.days["2026-03-09"]![0]).toEqual({ start: "2026-03-09T09:00:00-04:00", end: "2026-03-09T09:30:00-04:00" });
    expect(starts(body, "2026-03-09")).toHaveLength(31);
    expect(starts(body, "2026-03-09").at(-1)).toBe("2026-03-09T16:30:00-04:00");
  });

  it("starts a range that begins in the past today", async () => {
    const res = await availability({ serviceId: serviceIds["Haircut"]!, from: "2026-02-25", to: "2026-03-03" });
    expect(Object.keys((res.body as Days).days)).toEqual(["2026-03-02", "2026-03-03"]);
    // 08:00 now, an hour's notice: 09:00 is the first time today.
    expect(starts(res.body, "2026-03-02")[0]).toBe("2026-03-02T09:00:00-05:00");
  });

  it("refuses a range longer than 62 days, naming to", async () => {
    const q = { serviceId: serviceIds["Haircut"]!, from: "2026-03-03" };
    expect(fieldsOf(await availability({ ...q, to: "2026-05-05" }))).toEqual(["to"]);
    expect(fieldsOf(await availability({ ...q, to: "2026-03-02" }))).toEqual(["to"]);
    expect((await availability({ ...q, to: "2026-05-04" })).status).toBe(200);
  });

  it("names a bad date, a missing service and a service that is not the business's", async () => {
    expect(fieldsOf(await availability({ serviceId: serviceIds["Haircut"]!, from: "2026-02-30", to: "2026-03-03" }))).toEqual(["from"]);
    expect(fieldsOf(await availability({ from: "2026-03-03", to: "2026-03-04" }))).toEqual(["serviceId"]);
    expect(fieldsOf(await availability({ serviceId: randomUUID(), from: "2026-03-03", to: "2026-03-04" }))).toEqual(["serviceId"]);
  });

  it("leaves out a time once it is booked", async () => {
    const q = { serviceId: serviceIds["Haircut"]!, from: "2026-03-09", to: "2026-03-09" };
    expect(starts((await availability(q)).body, "2026-03-09")).toContain("2026-03-09T10:00:00-04:00");
    const res = await book({ serviceId: serviceIds["Haircut"], start: "2026-03-09T10:00:00-04:00", name: "Taken Tim", phone: newPhone() });
    expect(res.status).toBe(201);

    const after = starts((await availability(q)).body, "2026-03-09");
    expect(after).not.toContain("2026-03-09T10:00:00-04:00");
    expect(after).not.toContain("2026-03-09T09:45:00-04:00");
    expect(after).toEqual(expect.arrayContaining(["2026-03-09T09:30:00-04:00", "2026-03-09T10:30:00-04:00"]));
  });
});

describe("an immediate plan's availability (Hair implant: sessions 14 and 45 days after the first)", () => {
  beforeAll(async () => {
    // Closed from 1 May past the booking horizon: a plan whose last session would fall then fits nowhere.
    const res = await server.admin.post("/admin/blocked-periods", { start: "2026-05-01T00:00:00-04:00", end: "2026-12-31T00:00:00-05:00", reason: "moving" });
    expect(res.status).toBe(201);
  });

  it("offers only starts whose whole schedule is free, as the chat does", async () => {
    const res = await availability({ serviceId: serviceIds["Hair implant"]!, from: "2026-03-13", to: "2026-03-20" });
    const days = (res.body as Days).days;
    // 16 March + 45 days = 30 April, still open; from 17 March the third session would fall in May.
    expect(days["2026-03-16"]!.length).toBeGreaterThan(0);
    expect(days["2026-03-16"]![0]!.start).toBe("2026-03-16T09:00:00-04:00");
    for (const day of ["2026-03-17", "2026-03-18", "2026-03-19", "2026-03-20"]) expect(days[day]).toEqual([]);
    // A single-session service is free those days: it is the plan's rule, not the hours.
    expect(starts((await availability({ serviceId: serviceIds["Haircut"]!, from: "2026-03-17", to: "2026-03-17" })).body, "2026-03-17").length).toBeGreaterThan(0);

    const [reply] = await server.text(newPhone(), "hair implant on 17 March at 10am");
    expect(reply).toMatch(/couldn't fit session 3/);
  });

  it("books the whole schedule from one start, and refuses a start whose schedule does not fit", async () => {
    const phone = newPhone();
    const refused = await book({ serviceId: serviceIds["Hair implant"], start: "2026-03-17T10:00:00-04:00", name: "Pat Plan", phone });
    expectProblem(refused, 409);
    const problem = refused.body as { type: string; alternatives: string[] };
    expect(problem.type).toBe("urn:slotline:plan-incomplete");
    expect(problem.alternatives.length).toBeGreaterThan(0);
    for (const start of problem.alternatives) expect(start < "2026-03-17").toBe(true);

    const res = await book({ serviceId: serviceIds["Hair implant"], start: "2026-03-16T10:00:00-04:00", name: "Pat Plan", phone });
    expect(res.status).toBe(201);
    const booked = await server.bookings({ phone });
    expect(booked.map((b) => [b.sessionNumber, b.start])).toEqual([
      [1, "2026-03-16T10:00:00-04:00"],
      [2, "2026-03-30T10:00:00-04:00"],
      [3, "2026-04-30T10:00:00-04:00"],
    ]);
    expect(res.body.id).toBe(booked[0]!.id);
  });
});

describe("POST /api/public/:slug/bookings", () => {
  it("books, keeps the notes and details, answers the manage link and texts it to the customer", async () => {
    const res = await book({
      serviceId: serviceIds["Haircut"],
      start: "2026-03-03T10:00:00-05:00",
      name: "Dana Web",
      phone: "(555) 010-7001",
      email: "dana@example.com",
      notes: "Short at the back, please.",
    });

    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(["id", "manageUrl", "status"]);
    expect(res.body.status).toBe("confirmed");
    expect(res.body.manageUrl.startsWith(`${PUBLIC_BASE_URL}/m/`)).toBe(true);
    const token = res.body.manageUrl.slice(`${PUBLIC_BASE_URL}/m/`.length);
    expect(bookingIdOfManageToken(SESSION_SECRET, token)).toBe(res.body.id);

    const [booking] = await server.bookings({ phone: "+15550107001" });
    expect(booking).toEqual(expect.objectContaining({ id: res.body.id, start: "2026-03-03T10:00:00-05:00", status: "confirmed", customer: { phone: "+15550107001", name: "Dana Web" } }));
    const [row] = await server.database.db.select().from(bookings).where(eq(bookings.id, res.body.id));
    expect(row!.customerNotes).toBe("Short at the back, please.");
    const [person] = await server.database.db.select().from(customers).where(eq(customers.phone, "+15550107001"));
    expect(person!.email).toBe("dana@example.com");

    const sent = (await server.messagesOf("+15550107001")).filter((m) => m.direction === "out");
    // The email given gets the confirmation too (logged: the test server has no SMTP_URL).
    expect(sent.filter((m) => m.channel === "email")).toEqual([expect.objectContaining({ status: "logged", body: expect.stringContaining("Your Haircut with Slotline Demo Salon is confirmed.") })]);
    const texts = sent.filter((m) => m.channel !== "email");
    expect(texts).toHaveLength(1);
    expect(texts[0]).toEqual(expect.objectContaining({ channel: "sms", status: "logged" }));
    expect(texts[0]!.body).toBe(`Slotline Demo Salon: Haircut, Tue 3 Mar, 10:00 is booked. See you then! Manage: ${res.body.manageUrl}`);
  });

  it("names each field that is not valid", async () => {
    const valid = { serviceId: serviceIds["Haircut"], start: "2026-03-04T10:00:00-05:00", name: "Val Id", phone: newPhone() };
    expect(fieldsOf(await book({ ...valid, phone: "12" }))).toEqual(["phone"]);
    expect(fieldsOf(await book({ ...valid, phone: "call me" }))).toEqual(["phone"]);
    expect(fieldsOf(await book({ ...valid, name: " ", email: "not-an-email", notes: "x".repeat(501) }))).toEqual(["email", "name", "notes"]);
    expect(fieldsOf(await book({ ...valid, start: "tomorrow", colour: "blue" }))).toEqual(["colour", "start"]);
    expect(fieldsOf(await book({ ...valid, serviceId: randomUUID() }))).toEqual(["serviceId"]);
    expect(fieldsOf(await book({ ...valid, starts: ["2026-03-05T10:00:00-05:00"] }))).toEqual(["starts"]);
    expect(fieldsOf(await book({ ...valid, promoCode: "NOSUCHCODE" }))).toEqual(["promoCode"]);
    expect(await server.bookings({ phone: valid.phone })).toEqual([]);
  });

  it("reads a number without a country code in the business's country", async () => {
    const res = await book({ serviceId: serviceIds["Haircut"], start: "2026-03-04T11:00:00-05:00", name: "Lee Local", phone: "555.010.7002" });
    expect(res.status).toBe(201);
    expect((await server.bookings({ phone: "+15550107002" })).map((b) => b.id)).toEqual([res.body.id]);
  });

  it("requires an email when the business does", async () => {
    await server.admin.patch("/admin/business", { requireEmail: true });
    try {
      const body = { serviceId: serviceIds["Haircut"], start: "2026-03-04T12:00:00-05:00", name: "No Mail", phone: newPhone() };
      expect(fieldsOf(await book(body))).toEqual(["email"]);
      expect((await book({ ...body, email: "no.mail@example.com" })).status).toBe(201);
    } finally {
      await server.admin.patch("/admin/business", { requireEmail: false });
    }
  });

  it("answers a taken time with 409 and the nearest free times", async () => {
    // Monday: only Alex works, and 10:00 was booked above.
    const res = await book({ serviceId: serviceIds["Haircut"], start: "2026-03-09T10:00:00-04:00", name: "Late Lou", phone: newPhone() });
    expectProblem(res, 409);
    const problem = res.body as { type: string; alternatives: string[] };
    expect(problem.type).toBe("urn:slotline:slot-taken");
    expect(problem.alternatives).toEqual(["2026-03-09T09:15:00-04:00", "2026-03-09T09:30:00-04:00", "2026-03-09T10:30:00-04:00"]);
  });

  it("sends a booking to approval when the business approves bookings", async () => {
    await server.admin.patch("/admin/business", { requiresApproval: true });
    try {
      const phone = newPhone();
      const res = await book({ serviceId: serviceIds["Haircut"], start: "2026-03-05T10:00:00-05:00", name: "Ann Approve", phone });
      expect(res.status).toBe(201);
      expect(res.body.status).toBe("pending_approval");
      expect((await server.bookings({ phone }))[0]!.status).toBe("pending_approval");
      const [text] = (await server.messagesOf(phone)).filter((m) => m.direction === "out");
      expect(text!.body).toMatch(/^Slotline Demo Salon: Haircut, Thu 5 Mar, 10:00 requested, we'll confirm by text\. Manage: https:\/\/bot\.example\.test\/m\//);
    } finally {
      await server.admin.patch("/admin/business", { requiresApproval: false });
    }
  });

  it("books a flexible plan's batch of sessions at once", async () => {
    const phone = newPhone();
    const res = await book({
      serviceId: serviceIds["Styling lessons"],
      start: "2026-03-10T11:00:00-04:00",
      starts: ["2026-03-12T11:00:00-04:00", "2026-03-10T11:00:00-04:00"],
      name: "Flo Flex",
      phone,
    });
    expect(res.status).toBe(201);
    const booked = await server.bookings({ phone });
    expect(booked.map((b) => [b.sessionNumber, b.totalSessions, b.start])).toEqual([
      [1, 10, "2026-03-10T11:00:00-04:00"],
      [2, 10, "2026-03-12T11:00:00-04:00"],
    ]);
    expect(new Set(booked.map((b) => b.sessionGroupId)).size).toBe(1);
    expect(res.body.id).toBe(booked[0]!.id);

    // The same plan continues: the next batch is sessions 3 and 4.
    const more = await book({ serviceId: serviceIds["Styling lessons"], start: "2026-03-17T11:00:00-04:00", starts: ["2026-03-19T11:00:00-04:00"], name: "Flo Flex", phone });
    expect(more.status).toBe(201);
    const all = await server.bookings({ phone });
    expect(all.map((b) => b.sessionNumber)).toEqual([1, 2, 3, 4]);
    expect(new Set(all.map((b) => b.sessionGroupId)).size).toBe(1);
  });
});

describe("paid services on the web (fake Stripe)", () => {
  let payments: PaymentsServer;
  beforeAll(async () => {
    payments = await startPaymentsServer();
  }, 60_000);
  afterAll(async () => {
    await payments.close();
  });

  it("holds the time for payment and answers the Checkout URL", async () => {
    const services = (await payments.admin.get("/admin/services")).body.items as { id: string; name: string }[];
    const colour = services.find((s) => s.name === "Colour treatment")!;
    const phone = newPhone();
    const res = await request(payments.app)
      .post(`/api/public/${SLUG}/bookings`)
      .send({ serviceId: colour.id, start: "2026-03-03T11:00:00-05:00", name: "Pay Pal", phone });

    expect(res.status).toBe(201);
    expect(res.body.status).toBe("pending_payment");
    const session = payments.sessionOf(res.body.checkoutUrl);
    expect(session.amount_total).toBe(12000);
    const [held] = await payments.bookings({ phone });
    expect(held).toEqual(expect.objectContaining({ id: res.body.id, status: "pending_payment", payment: expect.objectContaining({ status: "pending", amountCents: 12000, url: res.body.checkoutUrl }) }));
    const [text] = await payments.sentTo(phone);
    expect(text!.body).toMatch(/^Slotline Demo Salon: Colour treatment, Tue 3 Mar, 11:00 held \d+ min until paid\. Manage: /);

    await payments.pay({ reply: "", url: res.body.checkoutUrl, session });
    expect((await payments.bookings({ phone }))[0]!.status).toBe("confirmed");
  });
});

describe("the rate limit on POST /api/public/*", () => {
  const attempt = (client: string, app = server.app) => book({ serviceId: serviceIds["Haircut"], start: "2026-03-06T10:00:00-05:00", name: "", phone: "" }, { app, client });

  it("answers 429 with Retry-After after 10 POSTs from one client, counted across instances", async () => {
    const other = server.appWith({ TRUST_PROXY: "1", SESSION_SECRET });
    const client = "203.0.113.77";
    for (let i = 0; i < 5; i++) expect((await attempt(client)).status).toBe(400);
    for (let i = 0; i < 5; i++) expect((await attempt(client, other)).status).toBe(400);

    for (const app of [server.app, other]) {
      const res = await attempt(client, app);
      expectProblem(res, 429);
      const retryAfter = Number(res.headers["retry-after"]);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(600);
    }
    // Another client is not held back, and GETs are not counted.
    expect((await attempt("203.0.113.78")).status).toBe(400);
    expect((await request(server.app).get(`/api/public/${SLUG}`).set("X-Forwarded-For", client)).status).toBe(200);
  });

  it("believes X-Forwarded-For only as far as TRUST_PROXY says", async () => {
    const direct = server.appWith({ TRUST_PROXY: "0", SESSION_SECRET });
    // Ten forged addresses from one socket are one client.
    for (let i = 0; i < 10; i++) expect((await attempt(`192.0.2.${i + 1}`, direct)).status).toBe(400);
    expectProblem(await attempt("192.0.2.200", direct), 429);
  });

  it("lets the client in again in the next window, and the jobs forget windows older than a day", async () => {
    const client = "203.0.113.77";
    server.clock.advanceMinutes(10);
    expect((await attempt(client)).status).toBe(400);
    const keys = async () => (await server.database.db.select().from(rateLimitHits)).length;
    expect(await keys()).toBeGreaterThan(0);

    const res = await server.admin.post("/admin/jobs/run", { now: new Date(server.clock.now().getTime() + 25 * 3_600_000).toISOString() });
    expect(res.status).toBe(200);
    expect(await keys()).toBe(0);
  });
});

/**
 * The platform API (/platform/*, PLATFORM_TOKEN): its gate, creating businesses with their first
 * key (refused while the demo business claims no number), listing and changing them, the Stripe
 * account only it sets, issuing and revoking keys, and the deployment's stats summed.
 */
import request from "supertest";
import { randomUUID } from "node:crypto";
import { BookingService } from "../../src/booking/bookingService";
import { findOrCreateCustomer } from "../../src/booking/customers";
import { messages } from "../../src/db/schema";
import { type AdminServer, expectProblem, fieldsOf, startAdminServer } from "../support/adminClient";
import { BY_TEST } from "../support/actor";

const PLATFORM_TOKEN = "test-platform-token-9d1e4b7a2c";
let server: AdminServer;

beforeAll(async () => {
  server = await startAdminServer({ env: { PLATFORM_TOKEN } });
}, 60_000);
afterAll(async () => {
  await server.close();
});

type Method = "get" | "post" | "patch" | "put" | "delete";
const platform = (method: Method, path: string, body?: object, token = PLATFORM_TOKEN) => {
  const req = request(server.app)[method](path).set("Authorization", `Bearer ${token}`);
  return body === undefined ? req : req.send(body);
};
const asKey = (apiKey: string) => (method: Method, path: string, body?: object) => {
  const req = request(server.app)[method](path).set("Authorization", `Bearer ${apiKey}`);
  return body === undefined ? req : req.send(body);
};

const ID = "3f6c1d2e-8a4b-4c5d-9e6f-0a1b2c3d4e5f";
const ROUTES: [Exclude<Method, "put">, string, object | undefined][] = [
  ["post", "/platform/businesses", { name: "Gate", timezone: "UTC" }],
  ["get", "/platform/businesses", undefined],
  ["patch", `/platform/businesses/${ID}`, { name: "x" }],
  ["post", `/platform/businesses/${ID}/api-keys`, undefined],
  ["delete", `/platform/businesses/${ID}/api-keys/${ID}`, undefined],
  ["get", "/platform/stats", undefined],
];

describe("/platform/*: PLATFORM_TOKEN", () => {
  it.each(ROUTES)("%s %s without PLATFORM_TOKEN configured is 503, whatever is sent", async (method, path, body) => {
    const off = server.appWith({ PLATFORM_TOKEN: undefined });
    for (const authorization of [undefined, `Bearer ${PLATFORM_TOKEN}`]) {
      let req = request(off)[method](path);
      if (authorization) req = req.set("Authorization", authorization);
      const problem = expectProblem(await (body ? req.send(body) : req), 503);
      expect(problem.detail).toMatch(/PLATFORM_TOKEN/);
    }
  });

  it.each(ROUTES)("%s %s without a token or with a wrong one is 401 with a Bearer challenge", async (method, path, body) => {
    const bare = request(server.app)[method](path);
    const missing = await (body ? bare.send(body) : bare);
    expectProblem(missing, 401);
    expect(missing.headers["www-authenticate"]).toMatch(/^Bearer /);
    for (const token of [`${PLATFORM_TOKEN}x`, PLATFORM_TOKEN.slice(0, -1), "", "test-admin-token-5f0c2a9e71d84b3c"]) {
      const res = await platform(method, path, body, token);
      expectProblem(res, 401);
      expect(res.headers["www-authenticate"]).toMatch(/^Bearer /);
    }
  });

  it("checks the token before reading the body", async () => {
    expectProblem(await request(server.app).post("/platform/businesses").type("text/plain").send("x"), 401);
  });
});

describe("POST /platform/businesses", () => {
  let demoId: string;
  beforeAll(async () => {
    demoId = server.businessId!;
  });

  it("is refused (409) while the only business claims no number, naming it and how to claim", async () => {
    const problem = expectProblem(await platform("post", "/platform/businesses", { name: "Second", timezone: "Europe/London" }), 409);
    expect(problem.detail).toContain(demoId);
    expect(problem.detail).toMatch(/PATCH \/admin\/business/);
    expect(problem.detail).toMatch(/channels/);
    expect((await platform("get", "/platform/businesses")).body.items).toHaveLength(1);
  });

  it("names missing and bad fields (400) before anything else", async () => {
    expect(fieldsOf(await platform("post", "/platform/businesses", {}))).toEqual(["name", "timezone"]);
    expect(fieldsOf(await platform("post", "/platform/businesses", { name: "X", timezone: "Mars/Olympus", slug: "Not A Slug", stripeAccountId: "acct_1" }))).toEqual([
      "slug",
      "stripeAccountId",
      "timezone",
    ]);
    expectProblem(await platform("post", "/platform/businesses").set("Content-Type", "application/json").send("{"), 400);
  });

  it("creates a business with its first API key once the demo business claims its number", async () => {
    const claimed = await server.admin.patch("/admin/business", { channels: { twilioNumbers: ["+15550100001"] } });
    expect(claimed.status).toBe(200);
    const res = await platform("post", "/platform/businesses", { name: "Harbour Physio", timezone: "Australia/Sydney", currency: "aud", holdMinutes: 45 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), slug: "harbour-physio", apiKey: expect.stringMatching(/^slk_/), business: expect.any(Object) });
    expect(res.headers.location).toBe(`/platform/businesses/${res.body.id}`);
    expect(res.body.business).toEqual(
      expect.objectContaining({ id: res.body.id, name: "Harbour Physio", slug: "harbour-physio", timezone: "Australia/Sydney", currency: "AUD", holdMinutes: 45, stripeAccountId: null }),
    );
    expect(res.body.business.channels).toEqual({ twilioNumbers: [], whatsappPhoneNumberId: null });
    const own = await asKey(res.body.apiKey)("get", "/admin/business");
    expect(own.body).toEqual(expect.objectContaining({ id: res.body.id, name: "Harbour Physio" }));
  });

  it("refuses a taken slug (409 naming slug) and a channel another business claims (409)", async () => {
    const slug = expectProblem(await platform("post", "/platform/businesses", { name: "Another", timezone: "UTC", slug: "harbour-physio" }), 409);
    expect(slug.errors).toEqual([{ field: "slug", message: expect.any(String) }]);
    const number = expectProblem(await platform("post", "/platform/businesses", { name: "Another", timezone: "UTC", channels: { twilioNumbers: ["+15550100001"] } }), 409);
    expect(number.errors).toEqual([{ field: "channels.twilioNumbers", message: expect.stringContaining("+15550100001") }]);
    const names = (await platform("get", "/platform/businesses")).body.items.map((b: { name: string }) => b.name);
    expect(names).not.toContain("Another");
  });

  it("numbers a slug made from a name already used", async () => {
    const res = await platform("post", "/platform/businesses", { name: "Harbour Physio", timezone: "UTC", channels: { twilioNumbers: ["+15550100002"] } });
    expect(res.status).toBe(201);
    expect(res.body.slug).toBe("harbour-physio-2");
    expect(res.body.business.channels.twilioNumbers).toEqual(["+15550100002"]);
  });
});

describe("GET and PATCH /platform/businesses", () => {
  it("lists every business oldest first", async () => {
    const items = (await platform("get", "/platform/businesses")).body.items as { id: string; slug: string; channels: unknown; stripeAccountId: null }[];
    expect(items.map((b) => b.id)[0]).toBe(server.businessId);
    expect(items.map((b) => b.slug).slice(1)).toEqual(["harbour-physio", "harbour-physio-2"]);
    expect(items[0]).toEqual(expect.objectContaining({ channels: { twilioNumbers: ["+15550100001"], whatsappPhoneNumberId: null } }));
  });

  it("sets the Stripe account (only here) and other settings; null clears it", async () => {
    const [, physio, second] = (await platform("get", "/platform/businesses")).body.items as { id: string }[];
    const set = await platform("patch", `/platform/businesses/${physio!.id}`, { stripeAccountId: "acct_1Harbour", requiresApproval: true });
    expect(set.status).toBe(200);
    expect(set.body).toEqual(expect.objectContaining({ id: physio!.id, stripeAccountId: "acct_1Harbour", requiresApproval: true }));
    const taken = expectProblem(await platform("patch", `/platform/businesses/${second!.id}`, { stripeAccountId: "acct_1Harbour" }), 409);
    expect(taken.errors).toEqual([{ field: "stripeAccountId", message: expect.any(String) }]);
    const slug = expectProblem(await platform("patch", `/platform/businesses/${second!.id}`, { slug: "harbour-physio" }), 409);
    expect(slug.errors).toEqual([{ field: "slug", message: expect.any(String) }]);
    expect(fieldsOf(await platform("patch", `/platform/businesses/${second!.id}`, { stripeAccountId: "sk_test_123", holdMinutes: 5 }))).toEqual(["holdMinutes", "stripeAccountId"]);
    expect((await platform("patch", `/platform/businesses/${physio!.id}`, { stripeAccountId: null })).body.stripeAccountId).toBeNull();
  });

  it("never lets /admin set the Stripe account", async () => {
    const [, physio] = (await platform("get", "/platform/businesses")).body.items as { id: string }[];
    const key = (await platform("post", `/platform/businesses/${physio!.id}/api-keys`)).body.apiKey as string;
    expect(fieldsOf(await asKey(key)("patch", "/admin/business", { stripeAccountId: "acct_1Sneaky" }))).toEqual(["stripeAccountId"]);
  });

  it("answers 404 for an unknown or malformed id", async () => {
    expectProblem(await platform("patch", `/platform/businesses/${randomUUID()}`, { name: "Ghost" }), 404);
    expectProblem(await platform("patch", "/platform/businesses/not-a-uuid", { name: "Ghost" }), 404);
    expectProblem(await platform("get", `/platform/businesses/${randomUUID()}`), 404);
  });
});

describe("API keys", () => {
  it("issues more keys, revokes one (then 401), and 404s a key of another business or an unknown one", async () => {
    const [, physio, second] = (await platform("get", "/platform/businesses")).body.items as { id: string }[];
    const issued = await platform("post", `/platform/businesses/${physio!.id}/api-keys`);
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({ id: expect.any(String), apiKey: expect.stringMatching(/^slk_/) });
    expect((await asKey(issued.body.apiKey)("get", "/admin/business")).body.id).toBe(physio!.id);

    expectProblem(await platform("delete", `/platform/businesses/${second!.id}/api-keys/${issued.body.id}`), 404);
    expectProblem(await platform("delete", `/platform/businesses/${physio!.id}/api-keys/${randomUUID()}`), 404);
    expectProblem(await platform("delete", `/platform/businesses/${physio!.id}/api-keys/nope`), 404);
    expectProblem(await platform("post", `/platform/businesses/${randomUUID()}/api-keys`), 404);
    expect((await asKey(issued.body.apiKey)("get", "/admin/business")).status).toBe(200);

    const revoked = await platform("delete", `/platform/businesses/${physio!.id}/api-keys/${issued.body.id}`);
    expect(revoked.status).toBe(204);
    const refused = await asKey(issued.body.apiKey)("get", "/admin/business");
    expectProblem(refused, 401);
    expect(refused.headers["www-authenticate"]).toMatch(/^Bearer /);
    expectProblem(await platform("delete", `/platform/businesses/${physio!.id}/api-keys/${issued.body.id}`), 404);
  });
});

describe("GET /platform/stats", () => {
  it("sums every business's /admin/stats, rates from the summed counts", async () => {
    const [demo, physio] = (await platform("get", "/platform/businesses")).body.items as { id: string }[];
    const key = (await platform("post", `/platform/businesses/${physio!.id}/api-keys`)).body.apiKey as string;
    const staffId = (await asKey(key)("post", "/admin/staff", { name: "Kim" })).body.id as string;
    await asKey(key)("put", `/admin/staff/${staffId}/availability`, { rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" })) });
    const serviceId = (await asKey(key)("post", "/admin/services", { name: "Massage", durationMinutes: 60, priceCents: 9000 })).body.id as string;

    // Two customers write to the physio (same phone as at the demo, and another); one books.
    const db = server.database.db;
    const bookingService = new BookingService(server.clock);
    for (const phone of ["+15550177001", "+15550177002"]) {
      const customer = await findOrCreateCustomer(db, physio!.id, phone);
      await db.insert(messages).values({ businessId: physio!.id, customerId: customer.id, direction: "in", channel: "sms", provider: "twilio", address: phone, body: "hi", status: "handled" });
    }
    const booker = await findOrCreateCustomer(db, physio!.id, "+15550177001");
    await db.transaction((tx) => bookingService.book(tx, { by: BY_TEST, businessId: physio!.id, serviceId, customerId: booker.id, sessions: [{ start: new Date("2026-03-10T00:00:00Z") }], status: "confirmed" }));

    const demoKey = (await platform("post", `/platform/businesses/${demo!.id}/api-keys`)).body.apiKey as string;
    const demoStats = (await asKey(demoKey)("get", "/admin/stats")).body;
    const physioStats = (await asKey(key)("get", "/admin/stats")).body;
    expect(physioStats.bookingsByStatus.confirmed).toBe(1);
    expect(physioStats.conversion).toEqual({ customersWhoWrote: 2, customersWithConfirmedBooking: 1, rate: 0.5 });
    expect(demo!.id).toBe(server.businessId);

    const res = await platform("get", "/platform/stats");
    expect(res.status).toBe(200);
    const all = res.body;
    expect(all.businesses).toBe(3);
    for (const status of Object.keys(demoStats.bookingsByStatus)) {
      expect(all.bookingsByStatus[status]).toBe(demoStats.bookingsByStatus[status] + physioStats.bookingsByStatus[status]);
    }
    const wrote = demoStats.conversion.customersWhoWrote + physioStats.conversion.customersWhoWrote;
    const converted = demoStats.conversion.customersWithConfirmedBooking + physioStats.conversion.customersWithConfirmedBooking;
    expect(all.conversion).toEqual({ customersWhoWrote: wrote, customersWithConfirmedBooking: converted, rate: wrote === 0 ? 0 : Math.round((converted / wrote) * 1000) / 1000 });
    expect(all.multiSessionGroups).toEqual(expect.objectContaining({ active: demoStats.multiSessionGroups.active + physioStats.multiSessionGroups.active }));
    expect(all.llm).toEqual(expect.objectContaining({ calls: 0, latencyMs: { p50: null, p95: null } }));
  });
});

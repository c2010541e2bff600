/**
 * Two businesses on one deployment, created through the platform API, each set up through /admin
 * with its own key: the same staff name, the same service name, the same hours, and the same
 * customer phone booked at the same instant with both. Each key sees only its own business; an
 * id of the other business's booking, service or staff member is a 404 and changes nothing.
 * ADMIN_TOKEN acts while there is one business and is refused once there are two.
 */
import request from "supertest";
import { BookingService } from "../../src/booking/bookingService";
import { findOrCreateCustomer } from "../../src/booking/customers";
import { messages } from "../../src/db/schema";
import { ADMIN_TOKEN, type AdminServer, type BookingJson, expectProblem, startAdminServer } from "../support/adminClient";
import { BY_TEST } from "../support/actor";

const PLATFORM_TOKEN = "test-platform-token-isolation-4e2a";
/** Tuesday 3 March 2026, 10:00 in New York: a time both businesses are open. */
const TUESDAY_10AM = "2026-03-03T15:00:00Z";
const PHONE = "+15550300001";
const NUMBER_A = "+15550300901";

let server: AdminServer;

type Method = "get" | "post" | "patch" | "put" | "delete";
const call = (token: string) => (method: Method, path: string, body?: object) => {
  const req = request(server.app)[method](path).set("Authorization", `Bearer ${token}`);
  return body === undefined ? req : req.send(body);
};
const platform = call(PLATFORM_TOKEN);

interface Tenant {
  id: string;
  apiKey: string;
  as: ReturnType<typeof call>;
  staffId: string;
  serviceId: string;
  bookingId: string;
}
let a: Tenant;
let b: Tenant;

async function createTenant(body: object): Promise<Pick<Tenant, "id" | "apiKey" | "as">> {
  const res = await platform("post", "/platform/businesses", body);
  if (res.status !== 201) throw new Error(`POST /platform/businesses answered ${res.status}: ${res.text}`);
  return { id: res.body.id, apiKey: res.body.apiKey, as: call(res.body.apiKey) };
}

/** Staff, weekday hours and a Haircut through /admin with the tenant's key; the phone books Tuesday 10:00 and writes once. */
async function setUp(tenant: Pick<Tenant, "id" | "apiKey" | "as">, said: string): Promise<Tenant> {
  const staffId = (await tenant.as("post", "/admin/staff", { name: "Sam" })).body.id as string;
  const hours = await tenant.as("put", `/admin/staff/${staffId}/availability`, { rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" })) });
  expect(hours.status).toBe(200);
  const serviceId = (await tenant.as("post", "/admin/services", { name: "Haircut", durationMinutes: 30, priceCents: 3000 })).body.id as string;
  const db = server.database.db;
  const customer = await findOrCreateCustomer(db, tenant.id, PHONE);
  const [booking] = await db.transaction((tx) =>
    new BookingService(server.clock).book(tx, { by: BY_TEST, businessId: tenant.id, serviceId, customerId: customer.id, sessions: [{ start: new Date(TUESDAY_10AM) }], status: "confirmed" }),
  );
  await db.insert(messages).values({ businessId: tenant.id, customerId: customer.id, direction: "in", channel: "sms", provider: "twilio", address: PHONE, body: said, status: "handled" });
  return { ...tenant, staffId, serviceId, bookingId: booking!.id };
}

beforeAll(async () => {
  server = await startAdminServer({ demo: false, env: { PLATFORM_TOKEN } });
}, 60_000);
afterAll(async () => {
  await server.close();
});

describe("creating the second business", () => {
  let first: Pick<Tenant, "id" | "apiKey" | "as">;

  it("lets ADMIN_TOKEN act on the first business while it is the only one", async () => {
    first = await createTenant({ name: "North Salon", slug: "north", timezone: "America/New_York" });
    const res = await call(ADMIN_TOKEN)("get", "/admin/business");
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(first.id);
  });

  it("is refused while the first business claims no number, and allowed once it does", async () => {
    const refused = expectProblem(await platform("post", "/platform/businesses", { name: "South Salon", slug: "south", timezone: "America/New_York" }), 409);
    expect(refused.detail).toContain("North Salon");
    expect(refused.detail).toMatch(/PATCH \/admin\/business/);
    expect((await first.as("patch", "/admin/business", { channels: { twilioNumbers: [NUMBER_A] } })).status).toBe(200);

    const sameSlug = expectProblem(await platform("post", "/platform/businesses", { name: "South Salon", slug: "north", timezone: "America/New_York" }), 409);
    expect(sameSlug.errors).toEqual([{ field: "slug", message: expect.any(String) }]);

    const second = await createTenant({ name: "South Salon", slug: "south", timezone: "America/New_York" });
    a = await setUp(first, "hello north");
    b = await setUp(second, "hello south");
  });

  it("refuses ADMIN_TOKEN once there are two businesses", async () => {
    const res = await call(ADMIN_TOKEN)("get", "/admin/bookings");
    expectProblem(res, 401);
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer /);
  });

  it("refuses a number the other business claims (409 naming channels.twilioNumbers)", async () => {
    const problem = expectProblem(await b.as("patch", "/admin/business", { channels: { twilioNumbers: ["+15550300902", NUMBER_A] } }), 409);
    expect(problem.errors).toEqual([{ field: "channels.twilioNumbers", message: expect.stringContaining(NUMBER_A) }]);
    expect((await b.as("get", "/admin/business")).body.channels.twilioNumbers).toEqual([]);
    expect((await a.as("get", "/admin/business")).body.channels.twilioNumbers).toEqual([NUMBER_A]);
  });
});

describe("each key sees only its own business", () => {
  it("books the same phone at the same time with both, as two customers", () => {
    expect(a.bookingId).not.toBe(b.bookingId);
  });

  it.each([
    ["A", () => [a, b] as const],
    ["B", () => [b, a] as const],
  ])("business %s: its business, bookings (also by phone), services, staff, messages and stats", async (_name, pair) => {
    const [own, other] = pair();
    expect((await own.as("get", "/admin/business")).body.id).toBe(own.id);

    const ids = (res: request.Response) => (res.body.items as { id: string }[]).map((i) => i.id);
    expect(ids(await own.as("get", "/admin/bookings"))).toEqual([own.bookingId]);
    const byPhone = await own.as("get", `/admin/bookings?phone=${encodeURIComponent(PHONE)}`);
    expect(ids(byPhone)).toEqual([own.bookingId]);
    expect((byPhone.body.items as BookingJson[])[0]).toEqual(expect.objectContaining({ serviceId: own.serviceId, staffId: own.staffId, start: "2026-03-03T10:00:00-05:00", status: "confirmed" }));
    expect(ids(await own.as("get", `/admin/bookings?serviceId=${other.serviceId}`))).toEqual([]);

    expect(ids(await own.as("get", "/admin/services"))).toEqual([own.serviceId]);
    expect(ids(await own.as("get", "/admin/staff"))).toEqual([own.staffId]);

    const log = (await own.as("get", `/admin/messages?phone=${encodeURIComponent(PHONE)}`)).body.items as { body: string }[];
    expect(log.map((m) => m.body)).toEqual([own === a ? "hello north" : "hello south"]);

    const stats = (await own.as("get", "/admin/stats")).body;
    expect(stats.bookingsByStatus).toEqual(expect.objectContaining({ confirmed: 1, cancelled: 0 }));
    expect(stats.conversion).toEqual({ customersWhoWrote: 1, customersWithConfirmedBooking: 1, rate: 1 });
  });

  it("sums both in the platform's stats", async () => {
    const stats = (await platform("get", "/platform/stats")).body;
    expect(stats.businesses).toBe(2);
    expect(stats.bookingsByStatus.confirmed).toBe(2);
    expect(stats.conversion).toEqual({ customersWhoWrote: 2, customersWithConfirmedBooking: 2, rate: 1 });
  });
});

describe("another business's ids are 404 and change nothing", () => {
  it("GET /admin/bookings/:id and POST /admin/bookings/:id/cancel", async () => {
    expectProblem(await a.as("get", `/admin/bookings/${b.bookingId}`), 404);
    expectProblem(await a.as("post", `/admin/bookings/${b.bookingId}/cancel`, { reason: "not yours" }), 404);
    for (const action of ["complete", "no-show", "approve", "reject"]) expectProblem(await a.as("post", `/admin/bookings/${b.bookingId}/${action}`), 404);
    expectProblem(await a.as("post", `/admin/bookings/${b.bookingId}/reschedule`, { start: "2026-03-04T10:00:00-05:00" }), 404);
    expect((await b.as("get", `/admin/bookings/${b.bookingId}`)).body).toEqual(expect.objectContaining({ status: "confirmed", start: "2026-03-03T10:00:00-05:00" }));
  });

  it("PATCH /admin/services/:id", async () => {
    expectProblem(await a.as("patch", `/admin/services/${b.serviceId}`, { priceCents: 1 }), 404);
    const [service] = (await b.as("get", "/admin/services")).body.items as { priceCents: number }[];
    expect(service!.priceCents).toBe(3000);
  });

  it("PUT and GET /admin/staff/:id/availability, and another business's staff named in a body", async () => {
    expectProblem(await a.as("put", `/admin/staff/${b.staffId}/availability`, { rules: [] }), 404);
    expectProblem(await a.as("get", `/admin/staff/${b.staffId}/availability`), 404);
    expect((await b.as("get", `/admin/staff/${b.staffId}/availability`)).body.rules).toHaveLength(5);
    expectProblem(await a.as("post", "/admin/services", { name: "Shave", durationMinutes: 15, priceCents: 1000, staffIds: [b.staffId] }), 400);
    expectProblem(await a.as("post", "/admin/blocked-periods", { staffId: b.staffId, start: "2026-03-03T09:00:00-05:00", end: "2026-03-03T12:00:00-05:00" }), 400);
    expect((await b.as("get", `/admin/bookings/${b.bookingId}`)).body.status).toBe("confirmed");
  });
});

describe("keys", () => {
  it("refuses a revoked key (401) while the business's other keys still work", async () => {
    const extra = await platform("post", `/platform/businesses/${a.id}/api-keys`);
    expect(extra.status).toBe(201);
    expect((await call(extra.body.apiKey)("get", "/admin/business")).body.id).toBe(a.id);
    expect((await platform("delete", `/platform/businesses/${a.id}/api-keys/${extra.body.id}`)).status).toBe(204);
    const refused = await call(extra.body.apiKey)("get", "/admin/bookings");
    expectProblem(refused, 401);
    expect(refused.headers["www-authenticate"]).toMatch(/^Bearer /);
    expect((await a.as("get", "/admin/business")).status).toBe(200);
  });

  it("does not let a key of A be revoked through B", async () => {
    const extra = await platform("post", `/platform/businesses/${a.id}/api-keys`);
    expectProblem(await platform("delete", `/platform/businesses/${b.id}/api-keys/${extra.body.id}`), 404);
    expect((await call(extra.body.apiKey)("get", "/admin/business")).status).toBe(200);
  });
});

describe("/platform/* gate", () => {
  it("answers 503 without PLATFORM_TOKEN configured and 401 for a wrong token", async () => {
    expectProblem(await request(server.appWith({ PLATFORM_TOKEN: undefined })).get("/platform/businesses").set("Authorization", `Bearer ${PLATFORM_TOKEN}`), 503);
    const wrong = await call(`${PLATFORM_TOKEN}-not`)("get", "/platform/businesses");
    expectProblem(wrong, 401);
    expect(wrong.headers["www-authenticate"]).toMatch(/^Bearer /);
    expectProblem(await call(a.apiKey)("get", "/platform/businesses"), 401);
  });
});

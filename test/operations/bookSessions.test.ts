/**
 * bookSessions against the database, with Stripe (the real gateway on the fake Stripe API) for
 * services paid by link. A New York studio, Mon–Fri 09:00–17:00, one stylist, Alex; holds last 30
 * minutes. It is Monday 2 March 2026, 08:00 EST (13:00Z).
 */
import { and, eq } from "drizzle-orm";
import { bookings, packages, payments, promoCodes, sessionGroups } from "../../src/db/schema";
import { bookSessions } from "../../src/operations/bookSessions";
import type { BookInput } from "../../src/operations/types";
import { type TestBusiness, createBusiness } from "../support/factories";
import { MONDAY_8AM, type OperationsWorld, bookInput, startOperationsWorld } from "../support/operations";

let world: OperationsWorld;
let shop: TestBusiness;
let alex: string;
let customerId: string;
let phones = 0;

beforeAll(async () => {
  world = await startOperationsWorld({ stripe: true });
});
afterAll(() => world.close());
beforeEach(async () => {
  world.clock.set(MONDAY_8AM);
  shop = await createBusiness(world.database.db, {
    business: { holdMinutes: 30 },
    services: [
      { name: "Haircut", durationMinutes: 60, priceCents: 3500 },
      { name: "Colour", durationMinutes: 60, priceCents: 12000, requiresPayment: true },
      { name: "Implant", durationMinutes: 60, priceCents: 30000, totalSessions: 3, strategy: "immediate", gapDays: [14, 31] },
      { name: "Yoga pass", durationMinutes: 60, priceCents: 2000, packageSessions: 5 },
    ],
  });
  alex = shop.staffIds[0]!;
  customerId = await world.customer(shop.businessId, `+1555000${String(++phones).padStart(4, "0")}`);
});

const TUESDAY_10AM = "2026-03-03T15:00:00.000Z";
const at = (start: string) => ({ start, staffId: alex });

function book(input: BookInput, who = customerId) {
  return world.runFor(shop.businessId, (ctx) => bookSessions(ctx, who, input));
}

const rowsOf = (who: string) => world.database.db.select().from(bookings).where(eq(bookings.customerId, who)).orderBy(bookings.startAt);

async function someoneElseBooks(serviceName: string, start: string) {
  const other = await world.customer(shop.businessId, `+1555999${String(++phones).padStart(4, "0")}`);
  const outcome = await book(bookInput(shop.serviceIds[serviceName]!, [at(start)]), other);
  expect(outcome.ok).toBe(true);
}

describe("bookSessions for one session", () => {
  it("confirms a free time, to be paid at the appointment", async () => {
    const outcome = await book(bookInput(shop.serviceIds.Haircut!, [at(TUESDAY_10AM)]));

    expect(outcome).toEqual({
      ok: true,
      bookings: [{ id: expect.any(String), serviceId: shop.serviceIds.Haircut, start: TUESDAY_10AM, staffId: alex, status: "confirmed", sessionNumber: null, totalSessions: null, priceCents: 3500 }],
    });
    expect(await rowsOf(customerId)).toEqual([expect.objectContaining({ status: "confirmed", paymentStatus: "at_appointment", priceCents: 3500, currency: "USD" })]);
  });

  it("leaves it awaiting approval when the business approves bookings", async () => {
    const approving = await createBusiness(world.database.db, { business: { requiresApproval: true }, services: [{ name: "Haircut", durationMinutes: 60, priceCents: 3500 }] });
    const who = await world.customer(approving.businessId, "+15550002001");
    const outcome = await world.runFor(approving.businessId, (ctx) => bookSessions(ctx, who, bookInput(approving.serviceIds.Haircut!, [{ start: TUESDAY_10AM, staffId: approving.staffIds[0]! }])));

    expect(outcome).toMatchObject({ ok: true, bookings: [{ start: TUESDAY_10AM, status: "pending_approval" }] });
    // A request awaiting approval lapses after a day.
    expect((await rowsOf(who))[0]).toMatchObject({ status: "pending_approval", holdExpiresAt: new Date("2026-03-03T13:00:00Z") });
  });

  it("holds a service paid by link, with a Checkout link for its price and the business's hold, the page opened once the hold committed", async () => {
    const outcome = await book(bookInput(shop.serviceIds.Colour!, [at(TUESDAY_10AM)]));

    expect(outcome).toEqual({
      ok: true,
      bookings: [expect.objectContaining({ start: TUESDAY_10AM, status: "pending_payment", priceCents: 12000 })],
      // The link stands in the message until it leaves: the page is opened after the commit.
      payment: { url: expect.stringMatching(/^\{\{checkout:[0-9a-f-]{36}\}\}$/), amountCents: 12000, currency: "USD", holdMinutes: 30 },
    });
    const url = await world.payments.calls.fillCheckoutLinks(outcome.ok ? outcome.payment!.url : "");
    expect(url).toMatch(new RegExp(`^${world.stripe!.url}/pay/cs_test_`));
    expect(world.stripe!.requests.filter((r) => r.path === "/v1/checkout/sessions")).toHaveLength(1);
    const session = [...world.stripe!.sessions.values()].find((s) => s.url === url)!;
    const [held] = await rowsOf(customerId);
    expect(session).toMatchObject({ amount_total: 12000, currency: "usd", status: "open", metadata: { bookingIds: held!.id } });
    // The slot is held as long as the page takes payment: Stripe's 30-minute minimum plus a minute's margin.
    expect(held).toMatchObject({ status: "pending_payment", paymentStatus: "pending", holdExpiresAt: new Date("2026-03-02T13:31:00Z") });
    expect(session.expires_at).toBe(Date.parse("2026-03-02T13:31:00Z") / 1000);
  });

  it("refuses a time taken meanwhile as 'taken', with the three nearest free times", async () => {
    await someoneElseBooks("Haircut", TUESDAY_10AM);
    const outcome = await book(bookInput(shop.serviceIds.Haircut!, [at(TUESDAY_10AM)]));

    expect(outcome).toEqual({
      ok: false,
      reason: "taken",
      failedStart: TUESDAY_10AM,
      offers: [at("2026-03-03T14:00:00.000Z"), at("2026-03-03T16:00:00.000Z"), at("2026-03-03T16:15:00.000Z")],
    });
    expect(await rowsOf(customerId)).toEqual([]);
  });

  it("refuses a time outside opening hours as 'unavailable'", async () => {
    const outcome = await book(bookInput(shop.serviceIds.Haircut!, [at("2026-03-03T23:00:00.000Z")]));
    expect(outcome).toMatchObject({ ok: false, reason: "unavailable", failedStart: "2026-03-03T23:00:00.000Z" });
  });

  it("keeps the hold when Stripe cannot open the Checkout after the commit, and opens it with the same request when asked again", async () => {
    const mark = world.stripe!.requests.length;
    world.stripe!.failNext(2, 500, "Stripe is having a moment"); // the SDK retries once
    const outcome = await book(bookInput(shop.serviceIds.Colour!, [at(TUESDAY_10AM)]));

    expect(outcome).toMatchObject({ ok: true, bookings: [expect.objectContaining({ status: "pending_payment" })] });
    const [held] = await rowsOf(customerId);
    const [payment] = await world.database.db.select().from(payments).where(eq(payments.id, held!.paymentId!));
    expect(payment).toMatchObject({ status: "pending", url: null, checkoutAttempts: 1, checkoutError: expect.stringContaining("Stripe is having a moment") });

    const url = await world.payments.calls.fillCheckoutLinks(outcome.ok ? outcome.payment!.url : "");
    const tries = world.stripe!.requests.slice(mark).filter((r) => r.path === "/v1/checkout/sessions");
    expect(tries.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(tries.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(world.stripe!.sessions.get(url.split("/pay/")[1]!)).toMatchObject({ status: "open", expires_at: held!.holdExpiresAt!.getTime() / 1000 });
  });
});

describe("bookSessions for an immediate plan", () => {
  const implantTimes = [TUESDAY_10AM, "2026-03-17T14:00:00.000Z", "2026-04-17T14:00:00.000Z"];

  it("books all three sessions in one plan, numbered 1 to 3", async () => {
    const outcome = await book(bookInput(shop.serviceIds.Implant!, implantTimes.map(at)));

    expect(outcome).toMatchObject({
      ok: true,
      bookings: implantTimes.map((start, i) => ({ start, status: "confirmed", sessionNumber: i + 1, totalSessions: 3, priceCents: 30000 })),
    });
    const rows = await rowsOf(customerId);
    expect(new Set(rows.map((r) => r.sessionGroupId)).size).toBe(1);
    expect(rows[0]!.sessionGroupId).not.toBeNull();
  });

  it("books nothing when one session is taken, offering times near that one only", async () => {
    await someoneElseBooks("Haircut", implantTimes[2]!);
    const outcome = await book(bookInput(shop.serviceIds.Implant!, implantTimes.map(at)));

    expect(outcome).toEqual({
      ok: false,
      reason: "taken",
      failedStart: implantTimes[2],
      offers: [at("2026-04-17T13:00:00.000Z"), at("2026-04-17T15:00:00.000Z"), at("2026-04-17T15:15:00.000Z")],
    });
    expect(await rowsOf(customerId)).toEqual([]);
    expect(await world.database.db.select().from(sessionGroups).where(eq(sessionGroups.customerId, customerId))).toEqual([]);
  });
});

describe("bookSessions with a promo code", () => {
  it("takes the code off the price and redeems it with the booking", async () => {
    const [code] = await world.database.db.insert(promoCodes).values({ businessId: shop.businessId, code: "SPRING25", percentOff: 25, maxUses: 1 }).returning();
    const outcome = await book(bookInput(shop.serviceIds.Haircut!, [at(TUESDAY_10AM)], { promoCode: "spring25" }));

    expect(outcome).toMatchObject({ ok: true, bookings: [{ priceCents: 2625 }] });
    expect((await rowsOf(customerId))[0]).toMatchObject({ priceCents: 2625, promoCodeId: code!.id });
    const [after] = await world.database.db.select().from(promoCodes).where(eq(promoCodes.id, code!.id));
    expect(after!.usedCount).toBe(1);
  });

  it("says 'promo_unavailable' and books nothing when the code is used up", async () => {
    await world.database.db.insert(promoCodes).values({ businessId: shop.businessId, code: "ONCE", percentOff: 50, maxUses: 1, usedCount: 1 });
    const outcome = await book(bookInput(shop.serviceIds.Haircut!, [at(TUESDAY_10AM)], { promoCode: "ONCE" }));

    expect(outcome).toEqual({ ok: false, reason: "promo_unavailable", offers: [] });
    expect(await rowsOf(customerId)).toEqual([]);
  });

  it("does not use the code up when the time is taken", async () => {
    const [code] = await world.database.db.insert(promoCodes).values({ businessId: shop.businessId, code: "KEEPME", percentOff: 10, maxUses: 1 }).returning();
    await someoneElseBooks("Haircut", TUESDAY_10AM);
    expect(await book(bookInput(shop.serviceIds.Haircut!, [at(TUESDAY_10AM)], { promoCode: "KEEPME" }))).toMatchObject({ ok: false, reason: "taken" });
    const [after] = await world.database.db.select().from(promoCodes).where(eq(promoCodes.id, code!.id));
    expect(after!.usedCount).toBe(0);
  });
});

describe("bookSessions for a pass", () => {
  it("sells a 5-session pass with the first booking, then draws the next session from it", async () => {
    const pass = shop.serviceIds["Yoga pass"]!;
    const first = await book(bookInput(pass, [at(TUESDAY_10AM)]));
    expect(first).toMatchObject({ ok: true, bookings: [{ status: "confirmed", priceCents: 2000 }], pass: { remaining: 4, total: 5 } });

    const second = await book(bookInput(pass, [at("2026-03-04T15:00:00.000Z")]));
    expect(second).toMatchObject({ ok: true, bookings: [{ status: "confirmed", priceCents: 0 }], pass: { remaining: 3, total: 5 } });

    const [sold] = await world.database.db.select().from(packages).where(and(eq(packages.customerId, customerId), eq(packages.serviceId, pass)));
    expect(sold).toMatchObject({ totalCredits: 5, usedCredits: 2, status: "active" });
    const rows = await rowsOf(customerId);
    expect(rows.map((r) => [r.paymentStatus, r.packageId])).toEqual([
      ["at_appointment", sold!.id],
      ["package", sold!.id],
    ]);
  });
});

/**
 * cancelBooking against the database and Stripe (the real gateway on the fake Stripe API), under
 * the policy "free until 24 hours before, then 40% kept". A colour treatment costs $120.00, paid
 * by link; a 5-session yoga pass is paid at the appointment. Bookings are made and paid on Monday
 * 2 March 2026 at 08:00 EST.
 */
import { eq, sql } from "drizzle-orm";
import type { Booking } from "../../src/booking/bookingService";
import { bookings, packages, payments, refunds } from "../../src/db/schema";
import { bookSessions } from "../../src/operations/bookSessions";
import { cancelBooking } from "../../src/operations/cancelBooking";
import { type TestBusiness, createBusiness } from "../support/factories";
import { MONDAY_8AM, type OperationsWorld, bookInput, onPostgres, startOperationsWorld } from "../support/operations";

let world: OperationsWorld;
let shop: TestBusiness;
let customerId: string;

beforeAll(async () => {
  world = await startOperationsWorld({ stripe: true });
  shop = await createBusiness(world.database.db, {
    business: { cancellationFreeUntilHours: 24, cancellationLateFeePercent: 40 },
    services: [
      { name: "Colour", durationMinutes: 60, priceCents: 12000, requiresPayment: true },
      { name: "Yoga pass", durationMinutes: 60, priceCents: 2000, packageSessions: 5 },
    ],
  });
  customerId = await world.customer(shop.businessId, "+15550003001");
});
afterAll(() => world.close());
beforeEach(() => world.clock.set(MONDAY_8AM));

const MONDAY_3PM = "2026-03-02T20:00:00Z";

async function book(serviceName: string, start: string): Promise<{ bookingId: string; checkoutUrl?: string }> {
  const outcome = await world.runFor(shop.businessId, (ctx) => bookSessions(ctx, customerId, bookInput(shop.serviceIds[serviceName]!, [{ start, staffId: shop.staffIds[0]! }])));
  if (!outcome.ok) throw new Error(`could not book ${start}: ${outcome.reason}`);
  return { bookingId: outcome.bookings[0]!.id, checkoutUrl: outcome.payment && (await world.payments.calls.fillCheckoutLinks(outcome.payment.url)) };
}

/** A colour treatment at `start`, paid on its Checkout page; returns the booking and the payment intent at Stripe. */
async function paidColour(start: string): Promise<{ bookingId: string; paymentId: string; intentId: string }> {
  const { bookingId, checkoutUrl } = await book("Colour", start);
  const sessionId = checkoutUrl!.split("/pay/")[1]!;
  const paid = world.received(world.stripe!.complete(sessionId));
  expect(await world.run((ctx) => ctx.payments.applyEvent(ctx.tx, paid))).toMatchObject({ kind: "confirmed" });
  const booking = await bookingRow(bookingId);
  return { bookingId, paymentId: booking.paymentId!, intentId: world.stripe!.sessions.get(sessionId)!.payment_intent! };
}

const cancel = (bookingId: string, extra: { waiveFee?: boolean } = {}) => world.run((ctx) => cancelBooking(ctx, { bookingId, reason: "customer asked", ...extra }));
const bookingRow = async (id: string): Promise<Booking> => (await world.database.db.select().from(bookings).where(eq(bookings.id, id)))[0]!;
const paymentRow = async (id: string) => (await world.database.db.select().from(payments).where(eq(payments.id, id)))[0]!;
const refundedAtStripe = (intentId: string) => world.stripe!.paymentIntents.get(intentId)!.amountRefunded;

describe("cancelBooking for a paid booking", () => {
  it("refunds in full when cancelled 24 h or more ahead", async () => {
    const { bookingId, paymentId, intentId } = await paidColour("2026-03-04T15:00:00.000Z"); // Wednesday 10:00, 50 hours ahead

    const outcome = await cancel(bookingId);

    expect(outcome).toEqual({ booking: expect.objectContaining({ id: bookingId, status: "cancelled", cancelReason: "customer asked", paymentStatus: "refunded" }), feeCents: 0, refundCents: 12000 });
    expect(refundedAtStripe(intentId)).toBe(12000);
    expect(await paymentRow(paymentId)).toMatchObject({ status: "refunded", refundedCents: 12000 });
  });

  it("keeps the 40% fee and refunds the rest when cancelled inside 24 h", async () => {
    const { bookingId, paymentId, intentId } = await paidColour("2026-03-03T15:00:00.000Z"); // Tuesday 10:00
    world.clock.set(MONDAY_3PM); // 19 hours before

    const outcome = await cancel(bookingId);

    expect(outcome).toMatchObject({ feeCents: 4800, refundCents: 7200, booking: { status: "cancelled", paymentStatus: "partially_refunded", cancellationFeeCents: 4800 } });
    expect(refundedAtStripe(intentId)).toBe(7200);
    expect(await paymentRow(paymentId)).toMatchObject({ status: "partially_refunded", refundedCents: 7200, amountCents: 12000 });
  });

  it("refunds in full inside 24 h when staff waive the fee", async () => {
    const { bookingId, intentId } = await paidColour("2026-03-03T17:00:00.000Z"); // Tuesday 12:00
    world.clock.set(MONDAY_3PM);

    expect(await cancel(bookingId, { waiveFee: true })).toMatchObject({ feeCents: 0, refundCents: 12000, booking: { status: "cancelled", paymentStatus: "refunded" } });
    expect(refundedAtStripe(intentId)).toBe(12000);
  });

  it("cancels, and keeps the refund (its amount fixed) to send again when Stripe cannot take it now", async () => {
    const { bookingId, paymentId, intentId } = await paidColour("2026-03-05T15:00:00.000Z");
    world.stripe!.failNext(2, 500, "Stripe is having a moment"); // the SDK retries once

    expect(await cancel(bookingId)).toMatchObject({ refundCents: 12000, booking: { status: "cancelled", paymentStatus: "refunded" } });
    const [refund] = await world.database.db.select().from(refunds).where(eq(refunds.paymentId, paymentId));
    expect(refund).toMatchObject({ status: "pending", amountCents: 12000, attempts: 1, lastError: expect.stringContaining("Stripe is having a moment"), nextAttemptAt: new Date("2026-03-02T13:01:00Z") });
    expect(await paymentRow(paymentId)).toMatchObject({ status: "refunded", refundedCents: 12000 });
    expect(refundedAtStripe(intentId)).toBe(0);

    world.clock.advanceMinutes(1);
    await world.payments.calls.runDue();
    expect(refundedAtStripe(intentId)).toBe(12000);
    const [sent] = await world.database.db.select().from(refunds).where(eq(refunds.paymentId, paymentId));
    expect(sent).toMatchObject({ status: "succeeded", attempts: 2, lastError: null, providerRefundId: expect.stringMatching(/^re_/) });
    // Sent once more, nothing more happens.
    await world.payments.calls.sendRefund(sent!.id);
    expect(refundedAtStripe(intentId)).toBe(12000);
  });
});

describe("cancelBooking for a booking not yet paid", () => {
  it("closes its Checkout link at Stripe and refunds nothing", async () => {
    const { bookingId, checkoutUrl } = await book("Colour", "2026-03-06T15:00:00.000Z");
    const session = world.stripe!.sessions.get(checkoutUrl!.split("/pay/")[1]!)!;

    expect(await cancel(bookingId)).toMatchObject({ feeCents: 0, refundCents: 0, booking: { status: "cancelled" } });
    expect(session.status).toBe("expired");
    expect(await paymentRow((await bookingRow(bookingId)).paymentId!)).toMatchObject({ status: "expired", refundedCents: 0 });
  });
});

describe("cancelBooking for a pass session", () => {
  const passOf = async (bookingId: string) => (await world.database.db.select().from(packages).where(eq(packages.id, (await bookingRow(bookingId)).packageId!)))[0]!;

  it("gives the credit back when cancelled in time, and uses it when late", async () => {
    const early = await book("Yoga pass", "2026-03-05T19:00:00.000Z"); // Thursday 14:00: buys the pass, first credit
    const late = await book("Yoga pass", "2026-03-03T19:00:00.000Z"); // Tuesday 14:00: second credit
    expect(await passOf(early.bookingId)).toMatchObject({ usedCredits: 2 });

    expect(await cancel(early.bookingId)).toEqual({ booking: expect.objectContaining({ status: "cancelled" }), feeCents: 0, refundCents: 0, packageCredit: "returned" });
    expect(await passOf(early.bookingId)).toMatchObject({ usedCredits: 1, status: "active" });

    world.clock.set(MONDAY_3PM);
    expect(await cancel(late.bookingId)).toEqual({ booking: expect.objectContaining({ status: "cancelled" }), feeCents: 0, refundCents: 0, packageCredit: "used" });
    expect(await passOf(late.bookingId)).toMatchObject({ usedCredits: 1 });
  });
});

describe("cancelBooking at the moment a payment event arrives", () => {
  const settled = <T>(p: Promise<T>): Promise<PromiseSettledResult<T>> => p.then((value) => ({ status: "fulfilled" as const, value }), (reason: unknown) => ({ status: "rejected" as const, reason }));

  /** How many sessions of this database wait for a lock now. */
  async function waitingForLocks(): Promise<number> {
    const result = await world.database.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { n: number }[];
    return rows[0]!.n;
  }

  async function untilSomeoneWaits(): Promise<void> {
    for (let tries = 0; tries < 100; tries++) {
      if ((await waitingForLocks()) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error("cancelBooking never waited for the payment's lock");
  }

  // PGlite has one connection: two transactions cannot wait on each other there.
  (onPostgres ? it : it.skip)("locks the payment before the booking, so it waits for a payment event instead of deadlocking with it", async () => {
    const { bookingId, paymentId, intentId } = await paidColour("2026-03-10T14:00:00.000Z");
    let cancelling: Promise<PromiseSettledResult<unknown>> | undefined;

    // A Stripe event takes the payment first, then its bookings.
    const event = world.database.db.transaction(async (tx) => {
      await tx.select({ id: payments.id }).from(payments).where(eq(payments.id, paymentId)).for("update");
      cancelling = settled(cancel(bookingId));
      // The cancellation must now be waiting for the payment, holding nothing of the booking.
      await untilSomeoneWaits();
      await tx.select({ id: bookings.id }).from(bookings).where(eq(bookings.id, bookingId)).for("update");
      return "event committed";
    });

    // Taken the other way round, one of the two would fail with a deadlock (40P01).
    expect(await settled(event)).toEqual({ status: "fulfilled", value: "event committed" });
    expect(await cancelling).toMatchObject({ status: "fulfilled", value: { refundCents: 12000 } });
    expect(await bookingRow(bookingId)).toMatchObject({ status: "cancelled", paymentStatus: "refunded" });
    expect(refundedAtStripe(intentId)).toBe(12000);
  });
});

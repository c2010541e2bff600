/**
 * Refunds as rows sent after the commit (PaymentCalls.sendRefund), against the real gateway on the
 * fake Stripe API with a short request bound: a refund whose tries time out — Stripe acted, the
 * answer never came — is sent again under the same key and happens once; a retry a day later,
 * after Stripe forgot the key, finds the refund by its metadata instead of making a second; a
 * refund Stripe refuses is failed with the reason kept. Cancelled on Monday 2 March 2026.
 */
import { eq } from "drizzle-orm";
import { bookings, refunds } from "../../src/db/schema";
import { bookSessions } from "../../src/operations/bookSessions";
import { cancelBooking } from "../../src/operations/cancelBooking";
import { type TestBusiness, createBusiness } from "../support/factories";
import { MONDAY_8AM, type OperationsWorld, bookInput, startOperationsWorld } from "../support/operations";

let world: OperationsWorld;
let shop: TestBusiness;
let phones = 0;

beforeAll(async () => {
  // Stripe answers in milliseconds here: 300 ms is a timeout.
  world = await startOperationsWorld({ stripe: true, stripeTimeoutMs: 300 });
  shop = await createBusiness(world.database.db, { services: [{ name: "Colour", durationMinutes: 60, priceCents: 12000, requiresPayment: true }] });
});
afterAll(() => world.close());
beforeEach(() => {
  world.clock.set(MONDAY_8AM);
  world.stripe!.setChaos(undefined);
});

/** A colour treatment booked and paid, then cancelled in time (a full refund) while Stripe's answers are withheld; returns the refund row and the payment intent. */
async function cancelledWhileStripeIsSlow(start: string) {
  const customerId = await world.customer(shop.businessId, `+1555004${String(++phones).padStart(4, "0")}`);
  const booked = await world.runFor(shop.businessId, (ctx) => bookSessions(ctx, customerId, bookInput(shop.serviceIds.Colour!, [{ start, staffId: shop.staffIds[0]! }])));
  if (!booked.ok || !booked.payment) throw new Error("no hold");
  const sessionId = (await world.payments.calls.fillCheckoutLinks(booked.payment.url)).split("/pay/")[1]!;
  await world.run((ctx) => ctx.payments.applyEvent(ctx.tx, world.received(world.stripe!.complete(sessionId))));
  const intentId = world.stripe!.sessions.get(sessionId)!.payment_intent!;
  // Every answer withheld past the bound: Stripe refunds, we hear nothing (both of the SDK's tries).
  world.stripe!.setChaos({ failRate: 0, timeoutRate: 1, timeoutMs: 1000 });
  await world.run((ctx) => cancelBooking(ctx, { bookingId: booked.bookings[0]!.id, reason: "customer" }));
  world.stripe!.setChaos(undefined);
  const [refund] = await world.database.db.select().from(refunds).innerJoin(bookings, eq(bookings.paymentId, refunds.paymentId)).where(eq(bookings.id, booked.bookings[0]!.id));
  return { refund: refund!.refunds, intentId };
}

const refundsAtStripe = (intentId: string) => [...world.stripe!.refunds.values()].filter((r) => r.payment_intent === intentId);
const refundRow = async (id: string) => (await world.database.db.select().from(refunds).where(eq(refunds.id, id)))[0]!;

describe("a refund whose tries time out", () => {
  it("is kept with its reason, and sent again under the same key: Stripe refunds once", async () => {
    const { refund, intentId } = await cancelledWhileStripeIsSlow("2026-03-05T15:00:00.000Z");
    expect(refund).toMatchObject({ status: "pending", amountCents: 12000, attempts: 1, lastError: expect.stringMatching(/Stripe/) });
    // Stripe did act on the first try.
    expect(refundsAtStripe(intentId)).toHaveLength(1);

    world.clock.advanceMinutes(1);
    expect(await world.payments.calls.runDue()).toBe(1);

    const sent = await refundRow(refund.id);
    expect(sent).toMatchObject({ status: "succeeded", attempts: 2, lastError: null, providerRefundId: refundsAtStripe(intentId)[0]!.id });
    expect(refundsAtStripe(intentId)).toEqual([expect.objectContaining({ amount: 12000, metadata: { refundId: refund.id, paymentId: refund.paymentId }, idempotencyKey: `refund:${refund.id}` })]);
  });

  it("a day later, when Stripe has forgotten the key, is found by its metadata and not made twice", async () => {
    const { refund, intentId } = await cancelledWhileStripeIsSlow("2026-03-06T15:00:00.000Z");
    world.stripe!.forgetIdempotencyKeys();
    world.clock.advanceMinutes(25 * 60);

    await world.payments.calls.runDue();

    expect(await refundRow(refund.id)).toMatchObject({ status: "succeeded", providerRefundId: refundsAtStripe(intentId)[0]!.id });
    expect(refundsAtStripe(intentId)).toHaveLength(1);
    expect(world.stripe!.paymentIntents.get(intentId)!.amountRefunded).toBe(12000);
  });

  it("a day later, when the first try never reached Stripe, is made then", async () => {
    const customerId = await world.customer(shop.businessId, "+15550049999");
    const booked = await world.runFor(shop.businessId, (ctx) => bookSessions(ctx, customerId, bookInput(shop.serviceIds.Colour!, [{ start: "2026-03-09T15:00:00.000Z", staffId: shop.staffIds[0]! }])));
    if (!booked.ok || !booked.payment) throw new Error("no hold");
    const sessionId = (await world.payments.calls.fillCheckoutLinks(booked.payment.url)).split("/pay/")[1]!;
    await world.run((ctx) => ctx.payments.applyEvent(ctx.tx, world.received(world.stripe!.complete(sessionId))));
    world.stripe!.failNext(2, 503, "down");
    await world.run((ctx) => cancelBooking(ctx, { bookingId: booked.bookings[0]!.id, reason: "customer" }));
    const intentId = world.stripe!.sessions.get(sessionId)!.payment_intent!;
    expect(refundsAtStripe(intentId)).toHaveLength(0);
    world.clock.advanceMinutes(25 * 60);

    await world.payments.calls.runDue();

    expect(refundsAtStripe(intentId)).toEqual([expect.objectContaining({ amount: 12000 })]);
  });
});

describe("a refund Stripe refuses", () => {
  it("is failed with Stripe's reason, not retried", async () => {
    const { refund } = await cancelledWhileStripeIsSlow("2026-03-10T15:00:00.000Z");
    world.stripe!.failNext(1, 400, "This charge is disputed and cannot be refunded");
    world.clock.advanceMinutes(1);

    await world.payments.calls.runDue();

    expect(await refundRow(refund.id)).toMatchObject({ status: "failed", attempts: 2, lastError: expect.stringMatching(/disputed/) });
    world.clock.advanceMinutes(60);
    expect(await world.payments.calls.runDue()).toBe(0);
  });
});

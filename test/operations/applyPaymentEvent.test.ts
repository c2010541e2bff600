/**
 * applyPaymentEvent against the database, with events from the fake Stripe API read through the
 * real Stripe gateway (signed webhook bodies). A colour treatment costs $120.00, paid by link;
 * holds last 30 minutes. The customer books Tuesday 10:00 EST on Monday 2 March 2026 at 08:00.
 */
import { eq } from "drizzle-orm";
import { bookings, payments } from "../../src/db/schema";
import { applyPaymentEvent } from "../../src/operations/applyPaymentEvent";
import { bookSessions } from "../../src/operations/bookSessions";
import type { FakeCheckoutSession, FakeStripeEvent } from "../fakes/stripeApi";
import { type TestBusiness, createBusiness } from "../support/factories";
import { MONDAY_8AM, type OperationsWorld, bookInput, startOperationsWorld } from "../support/operations";

let world: OperationsWorld;
let shop: TestBusiness;
let phones = 0;

beforeAll(async () => {
  world = await startOperationsWorld({ stripe: true });
});
afterAll(() => world.close());
beforeEach(async () => {
  world.clock.set(MONDAY_8AM);
  shop = await createBusiness(world.database.db, { business: { holdMinutes: 30 }, services: [{ name: "Colour", durationMinutes: 60, priceCents: 12000, requiresPayment: true }] });
});

const TUESDAY_10AM = "2026-03-03T15:00:00.000Z";
const at = (start: string) => ({ start, staffId: shop.staffIds[0]! });

/** A customer holds `start` and gets a Checkout link; returns the booking's id and the Checkout Session. */
async function held(start = TUESDAY_10AM): Promise<{ bookingId: string; session: FakeCheckoutSession }> {
  const customerId = await world.customer(shop.businessId, `+1555009${String(++phones).padStart(4, "0")}`);
  const outcome = await world.runFor(shop.businessId, (ctx) => bookSessions(ctx, customerId, bookInput(shop.serviceIds.Colour!, [at(start)])));
  if (!outcome.ok || !outcome.payment) throw new Error(`no hold at ${start}`);
  return { bookingId: outcome.bookings[0]!.id, session: world.stripe!.sessions.get((await world.payments.calls.fillCheckoutLinks(outcome.payment.url)).split("/pay/")[1]!)! };
}

const apply = (event: FakeStripeEvent) => world.run((ctx) => applyPaymentEvent(ctx, world.received(event)));
const bookingRow = async (id: string) => (await world.database.db.select().from(bookings).where(eq(bookings.id, id)))[0]!;

describe("applyPaymentEvent", () => {
  it("confirms the booking when the payment arrives while the slot is held", async () => {
    const { bookingId, session } = await held();
    world.clock.advanceMinutes(10);

    const outcome = await apply(world.stripe!.complete(session.id));

    expect(outcome).toEqual({ kind: "confirmed", bookings: [expect.objectContaining({ id: bookingId, status: "confirmed", paymentStatus: "paid", holdExpiresAt: null, confirmedAt: new Date("2026-03-02T13:10:00Z") })] });
    const [payment] = await world.database.db.select().from(payments).where(eq(payments.checkoutSessionId, session.id));
    expect(payment).toMatchObject({ status: "paid", amountCents: 12000, paymentIntentId: session.payment_intent });
  });

  it("applies an event once: the same event id again is a duplicate and changes nothing", async () => {
    const { session } = await held();
    const event = world.stripe!.complete(session.id);
    await apply(event);

    expect(await apply(event)).toEqual({ kind: "duplicate" });
    expect([...world.stripe!.paymentIntents.values()].find((i) => i.id === session.payment_intent)!.amountRefunded).toBe(0);
  });

  it("releases the held booking when the link expires unpaid", async () => {
    const { bookingId, session } = await held();
    world.clock.advanceMinutes(31);

    const outcome = await apply(world.stripe!.expire(session.id));

    expect(outcome).toMatchObject({ kind: "link_expired", bookings: [{ id: bookingId, startAt: new Date(TUESDAY_10AM) }] });
    expect(await bookingRow(bookingId)).toMatchObject({ status: "expired", cancelReason: "payment_expired", paymentStatus: "none" });
  });

  it("refunds in full a payment that came after the hold lapsed and the time was taken, with the nearest free times", async () => {
    const { bookingId, session } = await held();
    // Paid in the hold's last moments; Stripe's event reaches us only after it lapsed (a retried delivery).
    const paid = world.stripe!.complete(session.id);
    world.clock.set("2026-03-02T14:00:00Z"); // Monday 09:00, the hold long gone
    const other = await held(TUESDAY_10AM); // someone else holds Tuesday 10:00 now

    const outcome = await apply(paid);

    expect(outcome).toEqual({
      kind: "refunded_late",
      booking: expect.objectContaining({ id: bookingId }),
      refundCents: 12000,
      currency: "USD",
      nearest: [at("2026-03-03T14:00:00.000Z"), at("2026-03-03T16:00:00.000Z"), at("2026-03-03T16:15:00.000Z")],
    });
    expect(world.stripe!.paymentIntents.get(session.payment_intent!)!.amountRefunded).toBe(12000);
    expect(await bookingRow(bookingId)).toMatchObject({ status: "expired", paymentStatus: "refunded" });
    expect(await bookingRow(other.bookingId)).toMatchObject({ status: "pending_payment" });
  });

  it("confirms a payment that came after the hold lapsed when the time is still free", async () => {
    const { bookingId, session } = await held();
    const succeeded = world.stripe!.complete(session.id);
    world.clock.set("2026-03-02T14:00:00Z");
    await world.run((ctx) => ctx.bookingService.expireLapsedHolds(ctx.tx));

    expect(await apply(succeeded)).toMatchObject({ kind: "confirmed", bookings: [{ id: bookingId, status: "confirmed", paymentStatus: "paid" }] });
  });

  it("ignores an event of a kind it does not act on", async () => {
    expect(await apply(world.stripe!.event("charge.refunded", { id: "ch_1" }))).toEqual({ kind: "ignored" });
  });
});

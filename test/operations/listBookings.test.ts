/**
 * upcomingBookings against the database and Stripe (the real gateway on the fake Stripe API), under
 * the policy "free until 24 hours before, then 40% kept". A haircut ($35.00) is paid at the
 * appointment, a colour treatment ($120.00) by link, a 5-session yoga pass at the appointment.
 * The customer books on Monday 2 March 2026 from 08:00 EST and asks for their bookings at 15:00.
 */
import { bookSessions } from "../../src/operations/bookSessions";
import { upcomingBookings } from "../../src/operations/listBookings";
import { type TestBusiness, createBusiness } from "../support/factories";
import { MONDAY_8AM, type OperationsWorld, bookInput, startOperationsWorld } from "../support/operations";
import { BY_TEST } from "../support/actor";

let world: OperationsWorld;
let shop: TestBusiness;
let alex: string;

beforeAll(async () => {
  world = await startOperationsWorld({ stripe: true });
  shop = await createBusiness(world.database.db, {
    business: { cancellationFreeUntilHours: 24, cancellationLateFeePercent: 40 },
    services: [
      { name: "Haircut", durationMinutes: 60, priceCents: 3500 },
      { name: "Colour", durationMinutes: 60, priceCents: 12000, requiresPayment: true },
      { name: "Yoga pass", durationMinutes: 60, priceCents: 2000, packageSessions: 5 },
    ],
  });
  alex = shop.staffIds[0]!;
});
afterAll(() => world.close());

async function book(customerId: string, serviceName: string, start: string, then?: "pay" | "cancel" | "complete"): Promise<string> {
  const outcome = await world.runFor(shop.businessId, (ctx) => bookSessions(ctx, customerId, bookInput(shop.serviceIds[serviceName]!, [{ start, staffId: alex }])));
  if (!outcome.ok) throw new Error(`could not book ${start}: ${outcome.reason}`);
  const id = outcome.bookings[0]!.id;
  if (then === "pay") {
    const paid = world.received(world.stripe!.complete((await world.payments.calls.fillCheckoutLinks(outcome.payment!.url)).split("/pay/")[1]!));
    await world.run((ctx) => ctx.payments.applyEvent(ctx.tx, paid));
  }
  if (then === "cancel" || then === "complete") await world.run((ctx) => ctx.bookingService.transition(ctx.tx, id, then, BY_TEST));
  return id;
}

const list = (customerId: string) => world.run((ctx) => upcomingBookings(ctx, customerId));

describe("upcomingBookings", () => {
  it("lists what is still to come, soonest first, with what cancelling each now would keep, refund or do to a pass credit", async () => {
    world.clock.set(MONDAY_8AM);
    const me = await world.customer(shop.businessId, "+15550010001");
    const someoneElse = await world.customer(shop.businessId, "+15550010002");
    await book(me, "Haircut", "2026-03-02T15:00:00.000Z"); // Monday 10:00: over by 15:00
    const paidTuesday = await book(me, "Colour", "2026-03-03T15:00:00.000Z", "pay"); // 19 hours ahead at 15:00: late
    const passTuesday = await book(me, "Yoga pass", "2026-03-03T18:00:00.000Z"); // buys the pass; late too
    const paidThursday = await book(me, "Colour", "2026-03-05T15:00:00.000Z", "pay");
    await book(me, "Haircut", "2026-03-05T19:00:00.000Z", "cancel");
    await book(me, "Haircut", "2026-03-06T15:00:00.000Z", "complete"); // closed early by staff
    const passFriday = await book(me, "Yoga pass", "2026-03-06T18:00:00.000Z"); // drawn from the pass
    await book(someoneElse, "Haircut", "2026-03-04T14:00:00.000Z");
    world.clock.set("2026-03-02T19:45:00Z"); // 14:45: a hold that is still held at 15:00
    const heldWednesday = await book(me, "Colour", "2026-03-04T15:00:00.000Z");
    world.clock.set("2026-03-02T20:00:00Z"); // Monday 15:00

    const summary = (id: string, serviceName: string, start: string, status: string, priceCents: number) => ({
      id,
      serviceId: shop.serviceIds[serviceName],
      start,
      staffId: alex,
      status,
      sessionNumber: null,
      totalSessions: null,
      priceCents,
    });
    expect(await list(me)).toEqual([
      { ...summary(paidTuesday, "Colour", "2026-03-03T15:00:00.000Z", "confirmed", 12000), cancellation: { feeCents: 4800, refundCents: 7200, currency: "USD" } },
      { ...summary(passTuesday, "Yoga pass", "2026-03-03T18:00:00.000Z", "confirmed", 2000), packageCredit: "used" },
      summary(heldWednesday, "Colour", "2026-03-04T15:00:00.000Z", "pending_payment", 12000),
      { ...summary(paidThursday, "Colour", "2026-03-05T15:00:00.000Z", "confirmed", 12000), cancellation: { feeCents: 0, refundCents: 12000, currency: "USD" } },
      { ...summary(passFriday, "Yoga pass", "2026-03-06T18:00:00.000Z", "confirmed", 0), packageCredit: "returned" },
    ]);
  });

  it("lists nothing for a customer with nothing to come", async () => {
    const nobody = await world.customer(shop.businessId, "+15550010003");
    expect(await list(nobody)).toEqual([]);
  });
});

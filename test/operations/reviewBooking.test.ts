/**
 * approveBooking and rejectBooking against the database: a studio that approves every booking
 * itself (New York, Mon–Fri 09:00–17:00, one stylist). Monday 2 March 2026, 08:00 EST.
 */
import { InvalidTransition } from "../../src/booking/errors";
import { bookSessions } from "../../src/operations/bookSessions";
import { findTimes } from "../../src/operations/findTimes";
import { approveBooking, rejectBooking } from "../../src/operations/reviewBooking";
import { type TestBusiness, createBusiness } from "../support/factories";
import { MONDAY_8AM, type OperationsWorld, bookInput, startOperationsWorld } from "../support/operations";

let world: OperationsWorld;
let shop: TestBusiness;
let phones = 0;

beforeAll(async () => {
  world = await startOperationsWorld();
});
afterAll(() => world.close());
beforeEach(async () => {
  world.clock.set(MONDAY_8AM);
  shop = await createBusiness(world.database.db, { business: { requiresApproval: true }, services: [{ name: "Haircut", durationMinutes: 60, priceCents: 3500 }] });
});

const TUESDAY_10AM = "2026-03-03T15:00:00.000Z";

/** A customer asks for `start` (Tuesday 10:00 unless said); the booking awaits approval. */
async function requested(start = TUESDAY_10AM): Promise<string> {
  const customerId = await world.customer(shop.businessId, `+1555005${String(++phones).padStart(4, "0")}`);
  const outcome = await world.runFor(shop.businessId, (ctx) => bookSessions(ctx, customerId, bookInput(shop.serviceIds.Haircut!, [{ start, staffId: shop.staffIds[0]! }])));
  expect(outcome).toMatchObject({ ok: true, bookings: [{ status: "pending_approval" }] });
  return outcome.ok ? outcome.bookings[0]!.id : "";
}

const approve = (id: string) => world.run((ctx) => approveBooking(ctx, id));
const reject = (id: string) => world.run((ctx) => rejectBooking(ctx, id));

describe("approveBooking", () => {
  it("confirms a booking awaiting approval, no longer due to lapse", async () => {
    const id = await requested();
    world.clock.advanceMinutes(90);

    expect(await approve(id)).toMatchObject({ id, status: "confirmed", confirmedAt: new Date("2026-03-02T14:30:00Z"), holdExpiresAt: null });
  });

  it("refuses a booking that is not awaiting approval with InvalidTransition", async () => {
    const id = await requested();
    await approve(id);
    const again = approve(id);
    await expect(again).rejects.toBeInstanceOf(InvalidTransition);
    await expect(again).rejects.toMatchObject({ bookingId: id, from: "confirmed", action: "approved" });
  });
});

describe("rejectBooking", () => {
  it("cancels a booking awaiting approval with the reason 'rejected', and its time is free again", async () => {
    const id = await requested();

    expect(await reject(id)).toMatchObject({ id, status: "cancelled", cancelReason: "rejected", cancelledAt: new Date(MONDAY_8AM) });
    const found = await world.runFor(shop.businessId, (ctx) =>
      findTimes(ctx, { serviceId: shop.serviceIds.Haircut!, date: { year: 2026, month: 3, day: 3 }, dateRange: null, time: { hour: 10, minute: 0 }, timeOfDay: null, ignoreBookingId: null, exclude: [] }),
    );
    expect(found.exact).toEqual({ start: TUESDAY_10AM, staffId: shop.staffIds[0] });
  });

  it("refuses a confirmed or an already rejected booking with InvalidTransition", async () => {
    const confirmed = await requested();
    await approve(confirmed);
    await expect(reject(confirmed)).rejects.toMatchObject({ from: "confirmed", action: "rejected" });

    const rejected = await requested("2026-03-04T15:00:00.000Z");
    await reject(rejected);
    await expect(reject(rejected)).rejects.toBeInstanceOf(InvalidTransition);
  });
});

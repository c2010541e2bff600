/**
 * rescheduleBooking against the database: a New York studio open Mon–Fri 09:00–17:00 with one
 * stylist; a weekly course of three sessions at least 7 days apart. Monday 2 March 2026, 08:00 EST.
 */
import { InvalidTransition, NotFound, PlanGapTooShort, SlotTaken, SlotUnavailable } from "../../src/booking/errors";
import { getService } from "../../src/booking/schedulingData";
import { rescheduleBooking } from "../../src/operations/rescheduleBooking";
import { type TestBusiness, createBusiness } from "../support/factories";
import { MONDAY_8AM, type OperationsWorld, startOperationsWorld } from "../support/operations";
import { BY_TEST } from "../support/actor";

let world: OperationsWorld;
let shop: TestBusiness;
let customerId: string;

beforeAll(async () => {
  world = await startOperationsWorld();
});
afterAll(() => world.close());
beforeEach(async () => {
  world.clock.set(MONDAY_8AM);
  shop = await createBusiness(world.database.db, {
    services: [
      { name: "Haircut", durationMinutes: 60, priceCents: 3500 },
      { name: "Course", durationMinutes: 60, totalSessions: 3, strategy: "sequential", minGapDays: 7 },
    ],
  });
  customerId = await world.customer(shop.businessId, "+15550004001");
});

const TUESDAY_10AM = new Date("2026-03-03T15:00:00Z");

async function haircutAt(start: Date, who = customerId) {
  const [booking] = await world.run((ctx) => ctx.bookingService.book(ctx.tx, { by: BY_TEST, businessId: shop.businessId, serviceId: shop.serviceIds.Haircut!, customerId: who, sessions: [{ start }], status: "confirmed" }));
  return booking!;
}

const move = (bookingId: string, start: string) => world.run((ctx) => rescheduleBooking(ctx, bookingId, new Date(start)));

describe("rescheduleBooking", () => {
  it("moves a booking to a free time and says where it was", async () => {
    const booking = await haircutAt(TUESDAY_10AM);

    const { booking: moved, previousStart } = await move(booking.id, "2026-03-03T19:00:00Z");

    expect(previousStart).toEqual(TUESDAY_10AM);
    expect(moved).toMatchObject({ id: booking.id, status: "confirmed", startAt: new Date("2026-03-03T19:00:00Z"), endAt: new Date("2026-03-03T20:00:00Z"), staffId: booking.staffId, rescheduleCount: 1 });
  });

  it("lets a booking move onto a time overlapping its own", async () => {
    const booking = await haircutAt(TUESDAY_10AM);
    expect((await move(booking.id, "2026-03-03T15:30:00Z")).booking.startAt).toEqual(new Date("2026-03-03T15:30:00Z"));
  });

  it("refuses a time another customer has with SlotTaken, and leaves the booking where it was", async () => {
    const booking = await haircutAt(TUESDAY_10AM);
    await haircutAt(new Date("2026-03-03T17:00:00Z"), await world.customer(shop.businessId, "+15550004999"));

    const attempt = move(booking.id, "2026-03-03T17:00:00Z");

    await expect(attempt).rejects.toBeInstanceOf(SlotTaken);
    await expect(attempt).rejects.toMatchObject({ start: new Date("2026-03-03T17:00:00Z") });
    const still = await world.run((ctx) => ctx.bookingService.lockBooking(ctx.tx, booking.id));
    expect(still).toMatchObject({ startAt: TUESDAY_10AM, rescheduleCount: 0 });
  });

  it("refuses a time outside opening hours with SlotUnavailable", async () => {
    const booking = await haircutAt(TUESDAY_10AM);
    const attempt = move(booking.id, "2026-03-03T23:00:00Z");
    await expect(attempt).rejects.toBeInstanceOf(SlotUnavailable);
    await expect(attempt).rejects.toMatchObject({ reason: "outside_hours" });
  });

  it("refuses to move a cancelled booking with InvalidTransition, and an unknown one with NotFound", async () => {
    const booking = await haircutAt(TUESDAY_10AM);
    await world.run((ctx) => ctx.bookingService.transition(ctx.tx, booking.id, "cancel", BY_TEST));
    const attempt = move(booking.id, "2026-03-04T15:00:00Z");
    await expect(attempt).rejects.toBeInstanceOf(InvalidTransition);
    await expect(attempt).rejects.toMatchObject({ from: "cancelled" });
    await expect(move("00000000-0000-4000-8000-000000000000", "2026-03-04T15:00:00Z")).rejects.toBeInstanceOf(NotFound);
  });

  it("refuses to move a plan's session inside the minimum gap after the one before it, with PlanGapTooShort", async () => {
    const [, second] = await world.run(async (ctx) => {
      const course = await getService(ctx.tx, shop.businessId, shop.serviceIds.Course!);
      const planId = await ctx.bookingService.createPlan(ctx.tx, { businessId: shop.businessId, customerId, service: course });
      const sessions = [{ start: TUESDAY_10AM }, { start: new Date("2026-03-10T14:00:00Z") }];
      return ctx.bookingService.book(ctx.tx, { by: BY_TEST, businessId: shop.businessId, serviceId: course.id, customerId, sessions, status: "confirmed", plan: { id: planId, firstSessionNumber: 1, totalSessions: 3 } });
    });

    const attempt = move(second!.id, "2026-03-05T15:00:00Z"); // Thursday 5 March: two days after session 1

    await expect(attempt).rejects.toBeInstanceOf(PlanGapTooShort);
    await expect(attempt).rejects.toMatchObject({
      sessionNumber: 2,
      minGapDays: 7,
      side: "previous",
      neighbour: { sessionNumber: 1, start: TUESDAY_10AM },
      allowedDay: { year: 2026, month: 3, day: 10 },
      allowedFrom: new Date("2026-03-10T04:00:00Z"),
    });
    // Seven days after is allowed.
    expect((await move(second!.id, "2026-03-10T18:00:00Z")).previousStart).toEqual(new Date("2026-03-10T14:00:00Z"));
  });

  it("refuses a time already gone with SlotUnavailable (in the past)", async () => {
    const booking = await haircutAt(TUESDAY_10AM);
    const attempt = move(booking.id, "2026-03-02T12:00:00Z");
    await expect(attempt).rejects.toBeInstanceOf(SlotUnavailable);
    await expect(attempt).rejects.toMatchObject({ reason: "in_the_past" });
  });
});

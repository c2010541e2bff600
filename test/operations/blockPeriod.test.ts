/**
 * blockPeriod against the database: staff block a period and the live bookings inside it are moved
 * to the backup time their customers gave, when it is free, or returned to be asked to choose again.
 * A New York studio, Mon–Fri 09:00–17:00: Alex cuts hair, Sam massages. Monday 2 March 2026, 08:00 EST.
 */
import { eq } from "drizzle-orm";
import type { Booking } from "../../src/booking/bookingService";
import { blockedPeriods, bookings } from "../../src/db/schema";
import { blockPeriod, previewBlockPeriod } from "../../src/operations/blockPeriod";
import { type TestBusiness, createBusiness } from "../support/factories";
import { MONDAY_8AM, type OperationsWorld, startOperationsWorld } from "../support/operations";
import { BY_TEST } from "../support/actor";

let world: OperationsWorld;
let shop: TestBusiness;
let alex: string;
let sam: string;
let phones = 0;

beforeAll(async () => {
  world = await startOperationsWorld();
});
afterAll(() => world.close());
beforeEach(async () => {
  world.clock.set(MONDAY_8AM);
  shop = await createBusiness(world.database.db, {
    staffNames: ["Alex", "Sam"],
    services: [
      { name: "Haircut", durationMinutes: 60, staffIndexes: [0] },
      { name: "Massage", durationMinutes: 60, staffIndexes: [1] },
    ],
  });
  [alex, sam] = shop.staffIds as [string, string];
});

async function booked(serviceName: string, start: string, backupStart?: string): Promise<Booking> {
  const customerId = await world.customer(shop.businessId, `+1555008${String(++phones).padStart(4, "0")}`);
  const [booking] = await world.run((ctx) =>
    ctx.bookingService.book(ctx.tx, { by: BY_TEST, 
      businessId: shop.businessId,
      serviceId: shop.serviceIds[serviceName]!,
      customerId,
      sessions: [{ start: new Date(start) }],
      status: "confirmed",
      backupStart: backupStart ? new Date(backupStart) : undefined,
    }),
  );
  return booking!;
}

const startOf = async (id: string) => (await world.database.db.select().from(bookings).where(eq(bookings.id, id)))[0]!.startAt.toISOString();

describe("blockPeriod for one staff member", () => {
  // Alex's Wednesday 4 March, midnight to midnight in New York.
  const WEDNESDAY = { start: new Date("2026-03-04T05:00:00Z"), end: new Date("2026-03-05T05:00:00Z") };

  it("moves bookings to a free backup time, asks the others to choose again, soonest first, and touches nothing outside", async () => {
    const toBackup = await booked("Haircut", "2026-03-04T15:00:00Z", "2026-03-05T15:00:00Z"); // Wed 10:00, backup Thu 10:00 (free)
    const backupBlocked = await booked("Haircut", "2026-03-04T18:00:00Z", "2026-03-04T20:00:00Z"); // Wed 13:00, backup Wed 15:00 (blocked too)
    const noBackup = await booked("Haircut", "2026-03-04T19:00:00Z"); // Wed 14:00
    const backupTaken = await booked("Haircut", "2026-03-04T21:00:00Z", "2026-03-05T14:00:00Z"); // Wed 16:00, backup Thu 09:00 (taken)
    const thursday = await booked("Haircut", "2026-03-05T14:00:00Z"); // Thu 09:00, outside the period
    const samsMassage = await booked("Massage", "2026-03-04T15:00:00Z"); // Sam's, not Alex's
    const cancelled = await booked("Haircut", "2026-03-04T16:00:00Z"); // Wed 11:00, cancelled before
    await world.run((ctx) => ctx.bookingService.transition(ctx.tx, cancelled.id, "cancel", BY_TEST));

    const { id, affected } = await world.run((ctx) => blockPeriod(ctx, { businessId: shop.businessId, staffId: alex, ...WEDNESDAY, reason: "training" }));

    expect(affected.map((a) => [a.outcome, a.booking.id])).toEqual([
      ["moved_to_backup", toBackup.id],
      ["asked_to_reschedule", backupBlocked.id],
      ["asked_to_reschedule", noBackup.id],
      ["asked_to_reschedule", backupTaken.id],
    ]);
    expect(affected[0]).toEqual({
      outcome: "moved_to_backup",
      booking: expect.objectContaining({ startAt: new Date("2026-03-05T15:00:00Z"), staffId: alex, rescheduleCount: 1 }),
      previousStart: new Date("2026-03-04T15:00:00Z"),
    });
    // The ones asked keep their time until the customer chooses another.
    expect(await startOf(backupTaken.id)).toBe("2026-03-04T21:00:00.000Z");
    expect(await startOf(thursday.id)).toBe("2026-03-05T14:00:00.000Z");
    expect(await startOf(samsMassage.id)).toBe("2026-03-04T15:00:00.000Z");
    expect(await world.database.db.select().from(blockedPeriods).where(eq(blockedPeriods.id, id))).toEqual([
      expect.objectContaining({ businessId: shop.businessId, staffId: alex, startAt: WEDNESDAY.start, endAt: WEDNESDAY.end, reason: "training" }),
    ]);
  });

  it("takes the period out of the times offered", async () => {
    await world.run((ctx) => blockPeriod(ctx, { businessId: shop.businessId, staffId: alex, ...WEDNESDAY, reason: null }));
    const slots = await world.run((ctx) => ctx.bookingService.findSlots(ctx.tx, { businessId: shop.businessId, serviceId: shop.serviceIds.Haircut!, from: WEDNESDAY.start, to: WEDNESDAY.end }));
    expect(slots).toEqual([]);
  });
});

describe("blockPeriod for the whole business", () => {
  it("resolves every staff member's bookings that overlap it, and none that start as it ends", async () => {
    const alexsAtItsEdge = await booked("Haircut", "2026-03-06T16:30:00Z"); // Fri 11:30–12:30
    const samsWithBackup = await booked("Massage", "2026-03-06T18:00:00Z", "2026-03-06T20:00:00Z"); // Fri 13:00, backup 15:00
    const alexsAfter = await booked("Haircut", "2026-03-06T19:00:00Z"); // Fri 14:00, as the period ends

    // Friday 12:00–14:00 in New York.
    const { affected } = await world.run((ctx) =>
      blockPeriod(ctx, { businessId: shop.businessId, staffId: null, start: new Date("2026-03-06T17:00:00Z"), end: new Date("2026-03-06T19:00:00Z"), reason: "closed for lunch" }),
    );

    expect(affected.map((a) => [a.outcome, a.booking.id, a.booking.staffId])).toEqual([
      ["asked_to_reschedule", alexsAtItsEdge.id, alex],
      ["moved_to_backup", samsWithBackup.id, sam],
    ]);
    expect(await startOf(samsWithBackup.id)).toBe("2026-03-06T20:00:00.000Z");
    expect(await startOf(alexsAfter.id)).toBe("2026-03-06T19:00:00.000Z");
  });
});

describe("previewBlockPeriod", () => {
  // Alex's Wednesday 4 March, midnight to midnight in New York.
  const WEDNESDAY = { start: new Date("2026-03-04T05:00:00Z"), end: new Date("2026-03-05T05:00:00Z") };

  it("decides as blockPeriod does, even when two customers gave the same backup time, and changes nothing", async () => {
    const first = await booked("Haircut", "2026-03-04T15:00:00Z", "2026-03-05T15:00:00Z"); // Wed 10:00, backup Thu 10:00
    const second = await booked("Haircut", "2026-03-04T17:00:00Z", "2026-03-05T15:00:00Z"); // Wed 12:00, the same backup
    const input = { businessId: shop.businessId, staffId: alex, ...WEDNESDAY, reason: null };

    const planned = await world.run((ctx) => previewBlockPeriod(ctx, input));
    expect(planned).toEqual([
      { outcome: "moved_to_backup", booking: expect.objectContaining({ id: first.id, startAt: first.startAt, rescheduleCount: 0 }), newStart: new Date("2026-03-05T15:00:00Z") },
      { outcome: "asked_to_reschedule", booking: expect.objectContaining({ id: second.id, startAt: second.startAt }) },
    ]);
    expect(await startOf(first.id)).toBe("2026-03-04T15:00:00.000Z");
    expect(await world.database.db.select().from(blockedPeriods).where(eq(blockedPeriods.businessId, shop.businessId))).toEqual([]);

    const { affected } = await world.run((ctx) => blockPeriod(ctx, input));
    expect(affected.map((a) => [a.outcome, a.booking.id])).toEqual(planned.map((p) => [p.outcome, p.booking.id]));
  });
});

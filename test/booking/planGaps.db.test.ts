/**
 * A plan's minimum gap (minGapDays) in the booking core, the only writer of bookings: every path
 * that books or moves a session is refused inside the gap with PlanGapTooShort, and free-time
 * searches for a session never offer a time inside it. Days are local calendar days in the
 * business's zone (New York here, across the March DST change).
 */
import { BookingService } from "../../src/booking/bookingService";
import { findOrCreateCustomer } from "../../src/booking/customers";
import { PlanGapTooShort } from "../../src/booking/errors";
import { getService } from "../../src/booking/schedulingData";
import { getBusiness } from "../../src/booking/business";
import { ManualClock } from "../../src/clock";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { type TestBusiness, createBusiness } from "../support/factories";
import { BY_TEST } from "../support/actor";

// Monday 2 March 2026, 08:00 in New York; clocks go forward on Sunday 8 March.
const MONDAY_8AM = "2026-03-02T13:00:00Z";

let database: TestDatabase;
let core: BookingService;
let shop: TestBusiness;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});
beforeEach(async () => {
  core = new BookingService(new ManualClock(MONDAY_8AM));
  shop = await createBusiness(database.db, {
    services: [
      { name: "Physio", durationMinutes: 45, totalSessions: 3, strategy: "sequential", minGapDays: 7 },
      { name: "Lessons", durationMinutes: 60, totalSessions: 4, strategy: "flexible", minGapDays: 2 },
    ],
  });
});

async function planOf(name: string, phone: string) {
  const customerId = (await findOrCreateCustomer(database.db, shop.businessId, phone)).id;
  const service = await getService(database.db, shop.businessId, shop.serviceIds[name]!);
  const planId = await core.createPlan(database.db, { businessId: shop.businessId, customerId, service });
  const book = (firstSessionNumber: number, ...starts: string[]) =>
    database.db.transaction((tx) =>
      core.book(tx, { by: BY_TEST, 
        businessId: shop.businessId,
        serviceId: service.id,
        customerId,
        sessions: starts.map((start) => ({ start: new Date(start) })),
        status: "confirmed",
        plan: { id: planId, firstSessionNumber, totalSessions: service.totalSessions! },
      }),
    );
  return { planId, service, book };
}

const move = (bookingId: string, start: string) => database.db.transaction((tx) => core.reschedule(tx, bookingId, new Date(start), BY_TEST));

describe("a sequential plan with minGapDays 7", () => {
  it("refuses session 2 three days after session 1, naming the first day allowed", async () => {
    const physio = await planOf("Physio", "+15550001001");
    await physio.book(1, "2026-03-03T10:00:00-05:00");

    const refused = await physio.book(2, "2026-03-06T10:00:00-05:00").catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(PlanGapTooShort);
    expect(refused).toMatchObject({
      code: "plan_gap_too_short",
      sessionNumber: 2,
      minGapDays: 7,
      side: "previous",
      neighbour: { sessionNumber: 1, start: new Date("2026-03-03T15:00:00Z") },
      allowedDay: { year: 2026, month: 3, day: 10 },
      // Local midnight of Tue 10 Mar, after the change to EDT.
      allowedFrom: new Date("2026-03-10T04:00:00Z"),
      allowedUntil: null,
    });
    expect((refused as Error).message).toBe("Session 2 must start at least 7 days after session 1: from 2026-03-10 on");
  });

  it("counts local calendar days: 09:00 seven days later is allowed though under 7 × 24 hours", async () => {
    const physio = await planOf("Physio", "+15550001002");
    await physio.book(1, "2026-03-03T10:00:00-05:00");

    const [second] = await physio.book(2, "2026-03-10T09:00:00-04:00");

    expect(second).toMatchObject({ sessionNumber: 2, startAt: new Date("2026-03-10T13:00:00Z") });
    expect(second!.startAt.getTime() - new Date("2026-03-03T15:00:00Z").getTime()).toBeLessThan(7 * 24 * 3_600_000);
  });

  it("offers session 2 no free time inside the gap", async () => {
    const physio = await planOf("Physio", "+15550001003");
    const [first] = await physio.book(1, "2026-03-03T10:00:00-05:00");
    const business = await getBusiness(database.db, shop.businessId);
    const req = { from: new Date("2026-03-03T05:00:00Z"), to: new Date("2026-03-13T04:00:00Z") };

    const slots = await core.slotsFor(database.db, business, physio.service, { ...req, plan: { planId: physio.planId, sessionNumber: 2 } });

    expect(slots.length).toBeGreaterThan(0);
    expect(slots[0]!.start).toEqual(new Date("2026-03-10T13:00:00Z"));
    // Moving session 1 itself (ignoreBookingId) is not held back by its own gap.
    const forFirst = await core.slotsFor(database.db, business, physio.service, { ...req, ignoreBookingId: first!.id });
    expect(forFirst[0]!.start).toEqual(new Date("2026-03-03T14:00:00Z"));
  });

  it("refuses a reschedule that brings a session within 7 days of its neighbour, either side", async () => {
    const physio = await planOf("Physio", "+15550001004");
    const [first] = await physio.book(1, "2026-03-03T10:00:00-05:00");
    const [second] = await physio.book(2, "2026-03-10T10:00:00-04:00");

    const tooLate = await move(first!.id, "2026-03-05T10:00:00-05:00").catch((error: unknown) => error);
    expect(tooLate).toMatchObject({ sessionNumber: 1, side: "next", neighbour: { sessionNumber: 2 }, allowedDay: { year: 2026, month: 3, day: 3 }, allowedFrom: null, allowedUntil: new Date("2026-03-04T05:00:00Z") });
    const tooEarly = await move(second!.id, "2026-03-09T16:00:00-04:00").catch((error: unknown) => error);
    expect(tooEarly).toMatchObject({ sessionNumber: 2, side: "previous", allowedDay: { year: 2026, month: 3, day: 10 } });

    await expect(move(second!.id, "2026-03-12T10:00:00-04:00")).resolves.toMatchObject({ startAt: new Date("2026-03-12T14:00:00Z") });
    await expect(move(first!.id, "2026-03-05T10:00:00-05:00")).resolves.toMatchObject({ startAt: new Date("2026-03-05T15:00:00Z") });
  });

  it("ignores a cancelled session", async () => {
    const physio = await planOf("Physio", "+15550001005");
    const [first] = await physio.book(1, "2026-03-03T10:00:00-05:00");
    await database.db.transaction((tx) => core.transition(tx, first!.id, "cancel", BY_TEST));

    await expect(physio.book(2, "2026-03-05T10:00:00-05:00")).resolves.toHaveLength(1);
  });
});

describe("a flexible plan with minGapDays 2", () => {
  it("refuses a batch whose sessions are a day apart, and books none of it", async () => {
    const lessons = await planOf("Lessons", "+15550002001");

    await expect(lessons.book(1, "2026-03-03T10:00:00-05:00", "2026-03-04T10:00:00-05:00")).rejects.toMatchObject({
      sessionNumber: 2,
      side: "previous",
      allowedDay: { year: 2026, month: 3, day: 5 },
    });
    await expect(lessons.book(1, "2026-03-03T10:00:00-05:00", "2026-03-05T10:00:00-05:00")).resolves.toHaveLength(2);
  });

  it("keeps the gap to the sessions on either side in time, whatever their numbers", async () => {
    const lessons = await planOf("Lessons", "+15550002002");
    await lessons.book(1, "2026-03-03T10:00:00-05:00", "2026-03-09T10:00:00-04:00");

    await expect(lessons.book(3, "2026-03-08T10:00:00-04:00")).rejects.toMatchObject({ side: "next", neighbour: { sessionNumber: 2 }, allowedDay: { year: 2026, month: 3, day: 7 } });
    await expect(lessons.book(3, "2026-03-04T10:00:00-05:00")).rejects.toMatchObject({ side: "previous", neighbour: { sessionNumber: 1 } });
    await expect(lessons.book(3, "2026-03-06T10:00:00-05:00")).resolves.toHaveLength(1);
  });
});

describe("an immediate plan with minGapDays", () => {
  it("schedules a session after one pushed later by a full day no closer than the minimum gap", async () => {
    const clinic = await createBusiness(database.db, {
      services: [
        { name: "Day off", durationMinutes: 480 },
        { name: "Course", durationMinutes: 60, totalSessions: 3, strategy: "immediate", gapDays: [7, 7], minGapDays: 7 },
      ],
    });
    const business = await getBusiness(database.db, clinic.businessId);
    const course = await getService(database.db, clinic.businessId, clinic.serviceIds.Course!);
    const someone = (await findOrCreateCustomer(database.db, clinic.businessId, "+15550003001")).id;
    // Tue 10 Mar, session 2's wanted day, is fully booked: session 2 moves to Wed 11 Mar.
    await database.db.transaction((tx) =>
      core.book(tx, { by: BY_TEST, businessId: clinic.businessId, serviceId: clinic.serviceIds["Day off"]!, customerId: someone, sessions: [{ start: new Date("2026-03-10T09:00:00-04:00") }], status: "confirmed" }),
    );
    const first = (await core.slotsOnDay(database.db, business, course, { year: 2026, month: 3, day: 3 })).find((s) => s.start.toISOString() === "2026-03-03T15:00:00.000Z")!;

    const schedule = await core.planSchedule(database.db, business, course, first);

    // Session 3's wanted day, Tue 17 Mar, is 6 days after Wed 11 Mar: it moves to Wed 18 Mar.
    expect(schedule.map((s) => s?.start.toISOString())).toEqual(["2026-03-03T15:00:00.000Z", "2026-03-11T14:00:00.000Z", "2026-03-18T14:00:00.000Z"]);
  });
});

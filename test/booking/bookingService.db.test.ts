import { and, eq } from "drizzle-orm";
import { BookingService } from "../../src/booking/bookingService";
import { findOrCreateCustomer } from "../../src/booking/customers";
import { InvalidTransition, SlotTaken, SlotUnavailable } from "../../src/booking/errors";
import { getService } from "../../src/booking/schedulingData";
import { getBusiness } from "../../src/booking/business";
import { ManualClock } from "../../src/clock";
import { bookings } from "../../src/db/schema";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { type TestBusiness, createBusiness } from "../support/factories";
import { BY_TEST } from "../support/actor";

// Monday 2 March 2026, 08:00 in New York.
const MONDAY_8AM = "2026-03-02T13:00:00Z";
const TUESDAY_10AM = new Date("2026-03-03T15:00:00Z");

let database: TestDatabase;
let clock: ManualClock;
let service: BookingService;
let shop: TestBusiness;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});
beforeEach(async () => {
  clock = new ManualClock(MONDAY_8AM);
  service = new BookingService(clock);
  shop = await createBusiness(database.db, {
    business: { holdMinutes: 30, bufferMinutes: 0 },
    services: [
      { name: "Haircut", durationMinutes: 60, priceCents: 3500 },
      { name: "Implant", durationMinutes: 60, priceCents: 90000, totalSessions: 3, strategy: "immediate", gapDays: [14, 31] },
    ],
  });
});

async function customer(phone: string) {
  return (await findOrCreateCustomer(database.db, shop.businessId, phone)).id;
}

function bookHaircut(customerId: string, start: Date, status: "confirmed" | "held" = "confirmed") {
  return database.db.transaction((tx) =>
    service.book(tx, { by: BY_TEST, businessId: shop.businessId, serviceId: shop.serviceIds.Haircut!, customerId, sessions: [{ start }], status }),
  );
}

describe("booking core on the database", () => {
  it("books a free slot once and refuses the second customer with SlotTaken", async () => {
    const [first] = await bookHaircut(await customer("+15550000001"), TUESDAY_10AM);
    expect(first).toMatchObject({ status: "confirmed", startAt: TUESDAY_10AM });
    await expect(bookHaircut(await customer("+15550000002"), TUESDAY_10AM)).rejects.toBeInstanceOf(SlotTaken);
  });

  it("lets exactly one of 20 concurrent attempts at one slot succeed; the other 19 get SlotTaken", async () => {
    const customers = await Promise.all(Array.from({ length: 20 }, (_, i) => customer(`+1555100${String(i).padStart(4, "0")}`)));
    const results = await Promise.allSettled(customers.map((c) => bookHaircut(c, TUESDAY_10AM)));
    const booked = results.filter((r) => r.status === "fulfilled");
    const taken = results.filter((r) => r.status === "rejected" && r.reason instanceof SlotTaken);
    expect(booked).toHaveLength(1);
    expect(taken).toHaveLength(19);
    const rows = await database.db.select().from(bookings).where(and(eq(bookings.businessId, shop.businessId), eq(bookings.startAt, TUESDAY_10AM)));
    expect(rows).toHaveLength(1);
  });

  it("books nothing of a 3-session group whose third session collides", async () => {
    const sessions = [TUESDAY_10AM, new Date("2026-03-17T14:00:00Z"), new Date("2026-04-17T14:00:00Z")];
    await bookHaircut(await customer("+15550000003"), sessions[2]!);
    const planner = await customer("+15550000004");
    const attempt = database.db.transaction((tx) =>
      service.book(tx, { by: BY_TEST, 
        businessId: shop.businessId,
        serviceId: shop.serviceIds.Implant!,
        customerId: planner,
        sessions: sessions.map((start) => ({ start })),
        status: "confirmed",
      }),
    );
    await expect(attempt).rejects.toBeInstanceOf(SlotTaken);
    const rows = await database.db.select().from(bookings).where(eq(bookings.customerId, planner));
    expect(rows).toHaveLength(0);
  });

  it("no longer lets an expired hold block its slot", async () => {
    const [hold] = await bookHaircut(await customer("+15550000005"), TUESDAY_10AM, "held");
    expect(hold!.holdExpiresAt).toEqual(new Date(new Date(MONDAY_8AM).getTime() + 30 * 60_000));
    await expect(bookHaircut(await customer("+15550000006"), TUESDAY_10AM)).rejects.toBeInstanceOf(SlotTaken);
    clock.advanceMinutes(31);
    const [booking] = await bookHaircut(await customer("+15550000006"), TUESDAY_10AM);
    expect(booking!.status).toBe("confirmed");
    const [old] = await database.db.select().from(bookings).where(eq(bookings.id, hold!.id));
    expect(old!.status).toBe("expired");
  });

  it("shows a held slot as busy until the hold lapses", async () => {
    await bookHaircut(await customer("+15550000007"), TUESDAY_10AM, "held");
    const day = { year: 2026, month: 3, day: 3 };
    const business = await getBusiness(database.db, shop.businessId);
    const haircut = await getService(database.db, shop.businessId, shop.serviceIds.Haircut!);
    const before = await service.slotsOnDay(database.db, business, haircut, day);
    expect(before.map((s) => s.start.toISOString())).not.toContain(TUESDAY_10AM.toISOString());
    clock.advanceMinutes(45);
    const after = await service.slotsOnDay(database.db, business, haircut, day);
    expect(after.map((s) => s.start.toISOString())).toContain(TUESDAY_10AM.toISOString());
  });

  it("refuses a time outside working hours, in the past, or past the horizon with SlotUnavailable", async () => {
    const c = await customer("+15550000008");
    await expect(bookHaircut(c, new Date("2026-03-03T23:00:00Z"))).rejects.toMatchObject({ reason: "outside_hours" });
    await expect(bookHaircut(c, new Date("2026-03-01T15:00:00Z"))).rejects.toMatchObject({ reason: "in_the_past" });
    await expect(bookHaircut(c, new Date("2026-08-04T14:00:00Z"))).rejects.toBeInstanceOf(SlotUnavailable);
  });

  it("keeps the buffer between bookings, as the database's constraint does", async () => {
    const buffered = await createBusiness(database.db, { business: { bufferMinutes: 15 }, services: [{ name: "Massage", durationMinutes: 60 }] });
    const c = (await findOrCreateCustomer(database.db, buffered.businessId, "+15550000009")).id;
    const book = (start: string) =>
      database.db.transaction((tx) =>
        service.book(tx, { by: BY_TEST, businessId: buffered.businessId, serviceId: buffered.serviceIds.Massage!, customerId: c, sessions: [{ start: new Date(start) }], status: "confirmed" }),
      );
    await book("2026-03-03T15:00:00Z");
    await expect(book("2026-03-03T16:00:00Z")).rejects.toBeInstanceOf(SlotTaken);
    await expect(book("2026-03-03T16:15:00Z")).resolves.toHaveLength(1);
  });

  it("moves a booking with reschedule, counts it, and refuses a taken time", async () => {
    const [booking] = await bookHaircut(await customer("+15550000010"), TUESDAY_10AM);
    await bookHaircut(await customer("+15550000011"), new Date("2026-03-03T17:00:00Z"));
    const moved = await database.db.transaction((tx) => service.reschedule(tx, booking!.id, new Date("2026-03-03T16:00:00Z"), BY_TEST));
    expect(moved).toMatchObject({ startAt: new Date("2026-03-03T16:00:00Z"), rescheduleCount: 1 });
    await expect(database.db.transaction((tx) => service.reschedule(tx, booking!.id, new Date("2026-03-03T17:00:00Z"), BY_TEST))).rejects.toBeInstanceOf(SlotTaken);
    // Moving onto a range that overlaps its own old time is allowed.
    const nudged = await database.db.transaction((tx) => service.reschedule(tx, booking!.id, new Date("2026-03-03T15:30:00Z"), BY_TEST));
    expect(nudged.rescheduleCount).toBe(2);
  });

  it("refuses invalid lifecycle transitions with a typed error and frees a cancelled booking's time", async () => {
    const [booking] = await bookHaircut(await customer("+15550000012"), TUESDAY_10AM);
    const cancelled = await database.db.transaction((tx) => service.transition(tx, booking!.id, "cancel", BY_TEST));
    expect(cancelled.status).toBe("cancelled");
    await expect(database.db.transaction((tx) => service.transition(tx, booking!.id, "complete", BY_TEST))).rejects.toBeInstanceOf(InvalidTransition);
    await expect(bookHaircut(await customer("+15550000013"), TUESDAY_10AM)).resolves.toHaveLength(1);
  });

  it("plans an immediate multi-session schedule at the same local time, moving a taken session to the nearest free slot", async () => {
    const business = await getBusiness(database.db, shop.businessId);
    const implant = await getService(database.db, shop.businessId, shop.serviceIds.Implant!);
    // Session 2's wanted time (Tue 17 Mar 10:00 local, after the DST change) is taken.
    await bookHaircut(await customer("+15550000014"), new Date("2026-03-17T14:00:00Z"));
    const slots = await service.slotsOnDay(database.db, business, implant, { year: 2026, month: 3, day: 3 });
    const first = slots.find((s) => s.start.getTime() === TUESDAY_10AM.getTime())!;
    const schedule = await service.planSchedule(database.db, business, implant, first);
    // 17 Mar 10:00 EDT is 14:00Z (taken) → the nearest free, 09:00 EDT; 17 Apr is a Friday, 10:00 EDT.
    expect(schedule.map((s) => s?.start.toISOString())).toEqual(["2026-03-03T15:00:00.000Z", "2026-03-17T13:00:00.000Z", "2026-04-17T14:00:00.000Z"]);
  });

  it("lets an immediate plan's later sessions fall beyond the horizon by the plan's own gaps, never its first", async () => {
    const clinic = await createBusiness(database.db, {
      business: { maxAdvanceDays: 30 },
      services: [
        { name: "Cleaning", durationMinutes: 60 },
        { name: "Implant", durationMinutes: 60, totalSessions: 3, strategy: "immediate", gapDays: [14, 90] },
      ],
    });
    const business = await getBusiness(database.db, clinic.businessId);
    const implant = await getService(database.db, clinic.businessId, clinic.serviceIds.Implant!);
    const c = (await findOrCreateCustomer(database.db, clinic.businessId, "+15550000030")).id;
    // Fri 27 Mar 10:00 EDT is inside the 30-day horizon; the crown, 104 days later, is not.
    const [first] = (await service.slotsOnDay(database.db, business, implant, { year: 2026, month: 3, day: 27 })).filter((s) => s.start.toISOString() === "2026-03-27T14:00:00.000Z");
    const schedule = await service.planSchedule(database.db, business, implant, first!);
    expect(schedule.map((s) => s?.start.toISOString())).toEqual(["2026-03-27T14:00:00.000Z", "2026-04-10T14:00:00.000Z", "2026-07-09T14:00:00.000Z"]);
    const sessions = schedule.map((s) => ({ start: s!.start }));
    const plan = { id: await service.createPlan(database.db, { businessId: clinic.businessId, customerId: c, service: implant }), firstSessionNumber: 1, totalSessions: 3 };
    const booked = await database.db.transaction((tx) => service.book(tx, { by: BY_TEST, businessId: clinic.businessId, serviceId: implant.id, customerId: c, sessions, status: "confirmed", plan }));
    expect(booked).toHaveLength(3);
    // The crown moves within the plan's reach; a lone cleaning that day, or a plan starting there, is past the horizon.
    const moved = await database.db.transaction((tx) => service.reschedule(tx, booked[2]!.id, new Date("2026-07-10T14:00:00Z"), BY_TEST));
    expect(moved.startAt).toEqual(new Date("2026-07-10T14:00:00Z"));
    const single = (serviceId: string, start: string) =>
      database.db.transaction((tx) => service.book(tx, { by: BY_TEST, businessId: clinic.businessId, serviceId, customerId: c, sessions: [{ start: new Date(start) }], status: "confirmed" }));
    await expect(single(clinic.serviceIds.Cleaning!, "2026-07-09T15:00:00Z")).rejects.toMatchObject({ reason: "beyond_horizon" });
    await expect(single(implant.id, "2026-07-08T14:00:00Z")).rejects.toMatchObject({ reason: "beyond_horizon" });
  });

  it("expires lapsed holds once, even with two runners at the same time", async () => {
    const [hold] = await bookHaircut(await customer("+15550000015"), TUESDAY_10AM, "held");
    clock.advanceMinutes(31);
    const [a, b] = await Promise.all([service.expireLapsedHolds(database.db), service.expireLapsedHolds(database.db)]);
    const expiredIds = [...a, ...b].map((booking) => booking.id);
    expect(new Set(expiredIds).size).toBe(expiredIds.length);
    expect(expiredIds.filter((id) => id === hold!.id)).toHaveLength(1);
  });
});

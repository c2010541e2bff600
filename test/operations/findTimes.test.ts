/**
 * findTimes, nearestFreeTimes and previewPlan against the database. The studio is in New York,
 * open Mon–Fri 09:00–17:00 with one stylist, Alex; a haircut takes an hour, slots every 15 minutes;
 * two hours' notice, bookable 30 days ahead. It is Monday 2 March 2026, 08:00 (EST, UTC−5;
 * EDT, UTC−4, from Sunday 8 March).
 */
import { getService } from "../../src/booking/schedulingData";
import { blockedPeriods } from "../../src/db/schema";
import { findTimes, nearestFreeTimes, previewPlan } from "../../src/operations/findTimes";
import type { FindTimesInput, FindTimesOutput } from "../../src/operations/types";
import { type TestBusiness, createBusiness } from "../support/factories";
import { MONDAY_8AM, type OperationsWorld, startOperationsWorld } from "../support/operations";
import { BY_TEST } from "../support/actor";

let world: OperationsWorld;
let shop: TestBusiness;
let alex: string;

beforeAll(async () => {
  world = await startOperationsWorld();
});
afterAll(() => world.close());
beforeEach(async () => {
  world.clock.set(MONDAY_8AM);
  shop = await createBusiness(world.database.db, {
    business: { minNoticeMinutes: 120, maxAdvanceDays: 30 },
    services: [
      { name: "Haircut", durationMinutes: 60, priceCents: 3500 },
      { name: "Implant", durationMinutes: 60, totalSessions: 3, strategy: "immediate", gapDays: [14, 31] },
      { name: "Course", durationMinutes: 60, totalSessions: 3, strategy: "sequential", minGapDays: 7 },
    ],
  });
  alex = shop.staffIds[0]!;
});

const day = (month: number, d: number) => ({ year: 2026, month, day: d });

function ask(input: Partial<FindTimesInput>): Promise<FindTimesOutput> {
  const request: FindTimesInput = { serviceId: shop.serviceIds.Haircut!, date: null, dateRange: null, time: null, timeOfDay: null, ignoreBookingId: null, exclude: [], ...input };
  return world.runFor(shop.businessId, (ctx) => findTimes(ctx, request));
}

async function bookedBySomeoneElse(start: string, service = "Haircut") {
  const customerId = await world.customer(shop.businessId, "+15550009999");
  return world.run((ctx) =>
    ctx.bookingService.book(ctx.tx, { by: BY_TEST, businessId: shop.businessId, serviceId: shop.serviceIds[service]!, customerId, sessions: [{ start: new Date(start) }], status: "confirmed" }),
  );
}

/** The offers as their starts, for short expectations. */
const starts = (offers: { start: string }[]) => offers.map((o) => o.start);

describe("findTimes for a named time", () => {
  it("gives the exact slot when Tuesday 10:00 is free", async () => {
    expect(await ask({ date: day(3, 3), time: { hour: 10, minute: 0 } })).toEqual({ exact: { start: "2026-03-03T15:00:00.000Z", staffId: alex }, offers: [] });
  });

  it("offers the three nearest free times on the same day when Tuesday 10:00 is taken, and says it is taken", async () => {
    await bookedBySomeoneElse("2026-03-03T15:00:00Z");
    const found = await ask({ date: day(3, 3), time: { hour: 10, minute: 0 } });
    // 09:00 and 11:00 are an hour away; 11:15 next (09:15–10:45 would overlap the booking).
    expect(found).toEqual({
      exact: null,
      offers: [
        { start: "2026-03-03T14:00:00.000Z", staffId: alex },
        { start: "2026-03-03T16:00:00.000Z", staffId: alex },
        { start: "2026-03-03T16:15:00.000Z", staffId: alex },
      ],
      refused: { start: "2026-03-03T15:00:00.000Z", why: { kind: "taken" } },
    });
  });

  it("takes a time without a day as the next one that can be booked: at 09:30, 10:00 is tomorrow's", async () => {
    world.clock.set("2026-03-02T14:30:00Z"); // Monday 09:30: today's 10:00 is inside the two hours' notice
    const found = await ask({ time: { hour: 10, minute: 0 } });
    expect(found.exact).toEqual({ start: "2026-03-03T15:00:00.000Z", staffId: alex });
  });

  it("refuses a time after closing with the day's opening hours, offering the last slots of the day", async () => {
    const found = await ask({ date: day(3, 3), time: { hour: 18, minute: 0 } });
    expect(found.refused).toEqual({ start: "2026-03-03T23:00:00.000Z", why: { kind: "closed_hours", open: [{ startMinute: 9 * 60, endMinute: 17 * 60 }] } });
    expect(starts(found.offers)).toEqual(["2026-03-03T20:30:00.000Z", "2026-03-03T20:45:00.000Z", "2026-03-03T21:00:00.000Z"]);
  });

  it("refuses a time that would run past closing as closed hours too (16:30 for an hour)", async () => {
    const found = await ask({ date: day(3, 3), time: { hour: 16, minute: 30 } });
    expect(found.refused?.why).toEqual({ kind: "closed_hours", open: [{ startMinute: 540, endMinute: 1020 }] });
  });

  it("refuses a Saturday as a closed day, offering Friday around the same time", async () => {
    const found = await ask({ date: day(3, 7), time: { hour: 10, minute: 0 } });
    expect(found.refused).toEqual({ start: "2026-03-07T15:00:00.000Z", why: { kind: "closed_day" } });
    // Friday is one day away (two hours' penalty), Monday two: Friday 09:45, 10:00, 10:15.
    expect(starts(found.offers)).toEqual(["2026-03-06T14:45:00.000Z", "2026-03-06T15:00:00.000Z", "2026-03-06T15:15:00.000Z"]);
  });

  it("refuses a time inside the notice as too soon, with the notice, offering the first times after it", async () => {
    const found = await ask({ date: day(3, 2), time: { hour: 9, minute: 30 } });
    expect(found.refused).toEqual({ start: "2026-03-02T14:30:00.000Z", why: { kind: "too_soon", minNoticeMinutes: 120 } });
    expect(starts(found.offers)).toEqual(["2026-03-02T15:00:00.000Z", "2026-03-02T15:15:00.000Z", "2026-03-02T15:30:00.000Z"]);
  });

  it("refuses a time past the horizon as too far, with the horizon, offering the last bookable day", async () => {
    // 30 days from Monday 2 March: Wednesday 1 April is the last bookable day (EDT by then).
    const found = await ask({ date: day(4, 10), time: { hour: 10, minute: 0 } });
    expect(found.refused).toEqual({ start: "2026-04-10T14:00:00.000Z", why: { kind: "too_far", maxAdvanceDays: 30 } });
    expect(starts(found.offers)).toEqual(["2026-04-01T13:45:00.000Z", "2026-04-01T14:00:00.000Z", "2026-04-01T14:15:00.000Z"]);
  });

  it("refuses a time already gone as past, offering only times still to come", async () => {
    const found = await ask({ date: day(3, 2), time: { hour: 7, minute: 0 } });
    expect(found.refused).toEqual({ start: "2026-03-02T12:00:00.000Z", why: { kind: "past" } });
    expect(starts(found.offers)).toEqual(["2026-03-02T15:00:00.000Z", "2026-03-02T15:15:00.000Z", "2026-03-02T15:30:00.000Z"]);
  });
});

describe("findTimes for a day or a range", () => {
  it("gives a spread of five times from morning to evening for a day", async () => {
    // 29 slots, 09:00 to 16:00: the 1st, 8th, 15th, 22nd and 29th.
    expect(await ask({ date: day(3, 3) })).toEqual({
      exact: null,
      offers: ["2026-03-03T14:00:00.000Z", "2026-03-03T15:45:00.000Z", "2026-03-03T17:30:00.000Z", "2026-03-03T19:15:00.000Z", "2026-03-03T21:00:00.000Z"].map((start) => ({ start, staffId: alex })),
    });
  });

  it("keeps to the time of day asked for", async () => {
    const afternoon = await ask({ date: day(3, 3), timeOfDay: { startMinute: 12 * 60, endMinute: 17 * 60 } });
    expect(starts(afternoon.offers)).toEqual(["2026-03-03T17:00:00.000Z", "2026-03-03T18:00:00.000Z", "2026-03-03T19:00:00.000Z", "2026-03-03T20:00:00.000Z", "2026-03-03T21:00:00.000Z"]);
  });

  it("gives the earliest time of each day for a range", async () => {
    const found = await ask({ dateRange: { from: day(3, 5), to: day(3, 9) } });
    // Thursday, Friday, Monday (EDT from Sunday): 09:00 each.
    expect(starts(found.offers)).toEqual(["2026-03-05T14:00:00.000Z", "2026-03-06T14:00:00.000Z", "2026-03-09T13:00:00.000Z"]);
  });

  it("offers the next open day when the day asked for is closed", async () => {
    const found = await ask({ date: day(3, 7) });
    expect(found.refused).toBeUndefined();
    expect(starts(found.offers)).toEqual(["2026-03-09T13:00:00.000Z", "2026-03-09T14:45:00.000Z", "2026-03-09T16:30:00.000Z", "2026-03-09T18:15:00.000Z", "2026-03-09T20:00:00.000Z"]);
  });
});

describe("findTimes for a later session of a plan", () => {
  it("says when the day asked for is inside the plan's minimum gap, offering times from the first day allowed", async () => {
    const customerId = await world.customer(shop.businessId, "+15550001001");
    const planId = await world.run(async (ctx) => {
      const course = await getService(ctx.tx, shop.businessId, shop.serviceIds.Course!);
      const plan = await ctx.bookingService.createPlan(ctx.tx, { businessId: shop.businessId, customerId, service: course });
      const session1 = [{ start: new Date("2026-03-03T15:00:00Z") }];
      await ctx.bookingService.book(ctx.tx, { by: BY_TEST, businessId: shop.businessId, serviceId: course.id, customerId, sessions: session1, status: "confirmed", plan: { id: plan, firstSessionNumber: 1, totalSessions: 3 } });
      return plan;
    });

    const found = await ask({ serviceId: shop.serviceIds.Course!, date: day(3, 5), time: { hour: 10, minute: 0 }, plan: { id: planId, sessionNumber: 2 } });

    // Session 1 is Tuesday 3 March: session 2 may be from Tuesday 10 March, 00:00 EDT, on.
    expect(found).toEqual({
      planGap: { sessionNumber: 2, previousSessionNumber: 1, minGapDays: 7, firstDay: "2026-03-10T04:00:00.000Z" },
      exact: null,
      offers: ["2026-03-10T13:45:00.000Z", "2026-03-10T14:00:00.000Z", "2026-03-10T14:15:00.000Z"].map((start) => ({ start, staffId: alex })),
    });
  });
});

describe("nearestFreeTimes", () => {
  const nearest = (wanted: string, exclude: string[] = []) =>
    world.runFor(shop.businessId, (ctx) => nearestFreeTimes(ctx, { serviceId: shop.serviceIds.Haircut!, wanted: new Date(wanted), exclude }));

  it("never offers a start it was told to exclude", async () => {
    // 09:45 and 10:15 are 15 minutes away; 09:30 and 10:30 tie at 30, and the earlier wins.
    expect(await nearest("2026-03-03T15:00:00Z", ["2026-03-03T15:00:00.000Z"])).toEqual(
      ["2026-03-03T14:30:00.000Z", "2026-03-03T14:45:00.000Z", "2026-03-03T15:15:00.000Z"].map((start) => ({ start, staffId: alex })),
    );
  });

  it("never offers a time in the past or inside the notice", async () => {
    const offers = await nearest("2026-03-02T12:00:00Z", ["2026-03-02T15:15:00.000Z"]);
    expect(starts(offers)).toEqual(["2026-03-02T15:00:00.000Z", "2026-03-02T15:30:00.000Z", "2026-03-02T15:45:00.000Z"]);
  });
});

describe("previewPlan", () => {
  it("schedules an immediate 3-session plan at the same local time, a taken session moved to the nearest free time that day", async () => {
    // Session 2 is wanted Tuesday 17 March 10:00 EDT (14:00Z), which is taken: 09:00 and 11:00 tie, the earlier wins.
    await bookedBySomeoneElse("2026-03-17T14:00:00Z");
    const schedule = await world.runFor(shop.businessId, (ctx) =>
      previewPlan(ctx, { serviceId: shop.serviceIds.Implant!, first: { start: "2026-03-03T15:00:00.000Z", staffId: alex }, firstSessionNumber: 1 }),
    );
    // Session 3, 31 days after session 2's wanted day, is past the 30-day horizon: a plan's later sessions may be.
    expect(schedule).toEqual([
      { start: "2026-03-03T15:00:00.000Z", staffId: alex },
      { start: "2026-03-17T13:00:00.000Z", staffId: alex },
      { start: "2026-04-17T14:00:00.000Z", staffId: alex },
    ]);
  });

  it("leaves a session null when no free time is left for it", async () => {
    // Staff away from 17 March for good: sessions 2 and 3 have nowhere to go.
    await world.database.db.insert(blockedPeriods).values({ businessId: shop.businessId, staffId: null, startAt: new Date("2026-03-17T00:00:00Z"), endAt: new Date("2026-12-31T00:00:00Z"), reason: "closed" });
    const schedule = await world.runFor(shop.businessId, (ctx) =>
      previewPlan(ctx, { serviceId: shop.serviceIds.Implant!, first: { start: "2026-03-03T15:00:00.000Z", staffId: alex }, firstSessionNumber: 1 }),
    );
    expect(schedule).toEqual([{ start: "2026-03-03T15:00:00.000Z", staffId: alex }, null, null]);
  });
});

/**
 * Specification of multi-session plans (src/booking/plans.ts). Fixed instants only.
 * US 2026: spring forward Sun 8 Mar (EST -05:00 → EDT -04:00), fall back Sun 1 Nov.
 */
import type { Slot } from "../../src/booking/availability";
import {
  type MultiSessionConfig,
  gapAfterSession,
  gapConflict,
  planProgress,
  sessionTargets,
  slotForTarget,
} from "../../src/booking/plans";
import { DAY_MS, MINUTE_MS, toZonedIso } from "../../src/booking/time";

const NY = "America/New_York";
const SYD = "Australia/Sydney";

function at(iso: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`bad instant ${iso}`);
  return date;
}

function config(overrides: Partial<MultiSessionConfig> = {}): MultiSessionConfig {
  return { totalSessions: 3, strategy: "immediate", gapDays: [14, 31], minGapDays: null, sessionLabels: null, ...overrides };
}

function slot(iso: string, staffIds = ["alice"]): Slot {
  const start = at(iso);
  return { start, end: new Date(start.getTime() + 60 * MINUTE_MS), staffIds };
}

function slots(isos: string[]): Slot[] {
  return isos.map((iso) => slot(iso));
}

function iso(instant: Date | undefined, timezone = NY): string | undefined {
  return instant && toZonedIso(instant, timezone);
}

describe("gapAfterSession", () => {
  it("reads gapDays[i] as the days from session i+1 to session i+2", () => {
    const plan = config({ gapDays: [14, 31], totalSessions: 3 });
    expect(gapAfterSession(plan, 1)).toBe(14);
    expect(gapAfterSession(plan, 2)).toBe(31);
  });

  it("repeats the last gap when the list is shorter than the sessions", () => {
    const plan = config({ gapDays: [14, 31], totalSessions: 6 });
    expect([1, 2, 3, 4, 5].map((n) => gapAfterSession(plan, n))).toEqual([14, 31, 31, 31, 31]);
  });

  it("repeats a single gap for every session", () => {
    const plan = config({ gapDays: [7], totalSessions: 4 });
    expect([1, 2, 3].map((n) => gapAfterSession(plan, n))).toEqual([7, 7, 7]);
  });

  it("falls back to minGapDays when there are no gapDays", () => {
    expect(gapAfterSession(config({ gapDays: null, minGapDays: 10 }), 1)).toBe(10);
    expect(gapAfterSession(config({ gapDays: [], minGapDays: 10 }), 2)).toBe(10);
  });

  it("falls back to one day when there are neither gapDays nor minGapDays", () => {
    expect(gapAfterSession(config({ gapDays: null, minGapDays: null }), 1)).toBe(1);
    expect(gapAfterSession(config({ gapDays: [], minGapDays: null }), 3)).toBe(1);
  });

  it("never goes below minGapDays, even when a gap in the list is shorter", () => {
    const plan = config({ gapDays: [3, 30], minGapDays: 7 });
    expect(gapAfterSession(plan, 1)).toBe(7);
    expect(gapAfterSession(plan, 2)).toBe(30);
    expect(gapAfterSession(plan, 3)).toBe(30);
  });

  it("keeps a listed gap of 0 days when there is no minimum", () => {
    expect(gapAfterSession(config({ gapDays: [0] }), 1)).toBe(0);
  });
});

describe("sessionTargets", () => {
  it("puts later sessions at the same local wall time across the US spring-forward (gapDays [14, 31])", () => {
    // Sunday 1 March 2026 10:00 EST; +14 days is 15 March (EDT), +31 more is 15 April (EDT).
    const targets = sessionTargets(at("2026-03-01T10:00:00-05:00"), config({ gapDays: [14, 31] }), NY);
    expect(targets.map((t) => iso(t))).toEqual(["2026-03-01T10:00:00-05:00", "2026-03-15T10:00:00-04:00", "2026-04-15T10:00:00-04:00"]);
  });

  it("makes the gap across the spring-forward one hour short of whole days in real time", () => {
    const [first, second, third] = sessionTargets(at("2026-03-01T10:00:00-05:00"), config({ gapDays: [14, 31] }), NY);
    expect(second!.getTime() - first!.getTime()).toBe(14 * DAY_MS - 60 * MINUTE_MS);
    expect(third!.getTime() - second!.getTime()).toBe(31 * DAY_MS);
  });

  it("keeps the wall time across the fall-back (an hour longer in real time)", () => {
    const [first, second] = sessionTargets(at("2026-10-25T10:00:00-04:00"), config({ gapDays: [14], totalSessions: 2 }), NY);
    expect(iso(second)).toBe("2026-11-08T10:00:00-05:00");
    expect(second!.getTime() - first!.getTime()).toBe(14 * DAY_MS + 60 * MINUTE_MS);
  });

  it("keeps the wall time across Sydney's April DST end", () => {
    const targets = sessionTargets(at("2026-03-30T10:00:00+11:00"), config({ gapDays: [14], totalSessions: 2 }), SYD);
    expect(targets.map((t) => iso(t, SYD))).toEqual(["2026-03-30T10:00:00+11:00", "2026-04-13T10:00:00+10:00"]);
  });

  it("returns one target per session, the first being the first start itself", () => {
    const first = at("2026-03-03T15:00:00Z");
    const targets = sessionTargets(first, config({ gapDays: [7], totalSessions: 5 }), NY);
    expect(targets).toHaveLength(5);
    expect(targets[0]).toBe(first);
  });

  it("returns only the first start for a single-session plan", () => {
    const first = at("2026-03-03T15:00:00Z");
    expect(sessionTargets(first, config({ totalSessions: 1 }), NY)).toEqual([first]);
  });

  it("accumulates the gaps from the first start, repeating the last one", () => {
    const targets = sessionTargets(at("2026-03-03T10:00:00-05:00"), config({ gapDays: [14, 31], totalSessions: 4 }), NY);
    expect(targets.map((t) => iso(t))).toEqual([
      "2026-03-03T10:00:00-05:00",
      "2026-03-17T10:00:00-04:00",
      "2026-04-17T10:00:00-04:00",
      "2026-05-18T10:00:00-04:00",
    ]);
  });

  it("falls back to minGapDays when no gapDays are given", () => {
    const targets = sessionTargets(at("2026-03-03T10:00:00-05:00"), config({ gapDays: null, minGapDays: 10, totalSessions: 3 }), NY);
    expect(targets.map((t) => iso(t))).toEqual(["2026-03-03T10:00:00-05:00", "2026-03-13T10:00:00-04:00", "2026-03-23T10:00:00-04:00"]);
  });

  it("falls back to daily sessions when neither gapDays nor minGapDays are given", () => {
    const targets = sessionTargets(at("2026-03-07T10:00:00-05:00"), config({ gapDays: null, minGapDays: null, totalSessions: 3 }), NY);
    expect(targets.map((t) => iso(t))).toEqual(["2026-03-07T10:00:00-05:00", "2026-03-08T10:00:00-04:00", "2026-03-09T10:00:00-04:00"]);
  });

  it("raises short listed gaps to minGapDays", () => {
    const targets = sessionTargets(at("2026-03-03T10:00:00-05:00"), config({ gapDays: [2, 2], minGapDays: 5, totalSessions: 3 }), NY);
    expect(targets.map((t) => iso(t))).toEqual(["2026-03-03T10:00:00-05:00", "2026-03-08T10:00:00-04:00", "2026-03-13T10:00:00-04:00"]);
  });
});

describe("slotForTarget", () => {
  const target = at("2026-03-03T10:00:00-05:00"); // Tuesday 10:00 EST

  it("takes the wanted time itself when it is free", () => {
    const free = slots(["2026-03-03T09:00:00-05:00", "2026-03-03T10:00:00-05:00", "2026-03-03T10:15:00-05:00"]);
    expect(slotForTarget(free, target, NY)).toBe(free[1]);
  });

  it("keeps the chosen slot's staff", () => {
    const free = [slot("2026-03-03T10:00:00-05:00", ["bob", "carol"])];
    expect(slotForTarget(free, target, NY)!.staffIds).toEqual(["bob", "carol"]);
  });

  it("takes the nearest free slot on the wanted day when the time is taken", () => {
    const free = slots(["2026-03-03T08:00:00-05:00", "2026-03-03T11:30:00-05:00", "2026-03-04T10:00:00-05:00"]);
    expect(iso(slotForTarget(free, target, NY)?.start)).toBe("2026-03-03T11:30:00-05:00");
  });

  it("may take an earlier time on the wanted day when it is nearer", () => {
    const free = slots(["2026-03-03T09:00:00-05:00", "2026-03-03T11:30:00-05:00"]);
    expect(iso(slotForTarget(free, target, NY)?.start)).toBe("2026-03-03T09:00:00-05:00");
  });

  it("breaks a same-day tie in favour of the earlier slot", () => {
    const free = slots(["2026-03-03T09:00:00-05:00", "2026-03-03T11:00:00-05:00"]);
    expect(iso(slotForTarget(free, target, NY)?.start)).toBe("2026-03-03T09:00:00-05:00");
  });

  it("prefers any slot on the wanted day to the same time on a later day", () => {
    const free = slots(["2026-03-03T17:00:00-05:00", "2026-03-04T10:00:00-05:00"]);
    expect(iso(slotForTarget(free, target, NY)?.start)).toBe("2026-03-03T17:00:00-05:00");
  });

  it("moves to the next day with a free slot, nearest to the wanted time there", () => {
    const free = slots(["2026-03-05T08:00:00-05:00", "2026-03-05T10:30:00-05:00", "2026-03-05T15:00:00-05:00", "2026-03-06T10:00:00-05:00"]);
    expect(iso(slotForTarget(free, target, NY)?.start)).toBe("2026-03-05T10:30:00-05:00");
  });

  it("takes the exact wanted time over a later day", () => {
    const free = slots(["2026-03-03T10:00:00-05:00", "2026-03-05T10:00:00-05:00"]);
    expect(iso(slotForTarget(free, target, NY)?.start)).toBe("2026-03-03T10:00:00-05:00");
  });

  it("never moves a session to a day before the wanted day, however close", () => {
    const free = slots(["2026-03-02T23:00:00-05:00", "2026-03-09T10:00:00-04:00"]);
    expect(iso(slotForTarget(free, target, NY)?.start)).toBe("2026-03-09T10:00:00-04:00");
  });

  it("decides the wanted day in the business's zone", () => {
    // 2026-03-03T04:00Z is 23:00 on Monday 2 March in New York: the day before the wanted day.
    const free = [slot("2026-03-03T04:00:00Z"), slot("2026-03-04T15:00:00Z")];
    expect(slotForTarget(free, target, NY)?.start.toISOString()).toBe("2026-03-04T15:00:00.000Z");
  });

  it("measures 'nearest' on a later day by wall time across the spring-forward", () => {
    // Wanted Saturday 7 March 10:00 EST, nothing free until Monday 9 March (EDT). The wanted time
    // there is 10:00 EDT: 09:30 is 30 minutes off, 10:45 is 45 (counting 48 real hours would say 11:00 EDT).
    const free = slots(["2026-03-09T09:30:00-04:00", "2026-03-09T10:45:00-04:00"]);
    expect(iso(slotForTarget(free, at("2026-03-07T10:00:00-05:00"), NY)?.start)).toBe("2026-03-09T09:30:00-04:00");
  });

  it("finds nothing when no slot is free on or after the wanted day", () => {
    expect(slotForTarget([], target, NY)).toBeUndefined();
    expect(slotForTarget(slots(["2026-03-01T10:00:00-05:00", "2026-03-02T10:00:00-05:00"]), target, NY)).toBeUndefined();
  });
});

describe("planProgress", () => {
  it("counts live sessions as booked and completed ones as completed", () => {
    expect(planProgress(4, ["completed", "confirmed", "cancelled", "held"])).toEqual({ total: 4, booked: 3, completed: 1, remaining: 1 });
  });

  it("counts held, pending, confirmed, completed and no-show sessions as booked", () => {
    expect(planProgress(6, ["held", "pending_payment", "pending_approval", "confirmed", "completed", "no_show"])).toEqual({
      total: 6,
      booked: 6,
      completed: 1,
      remaining: 0,
    });
  });

  it("does not count cancelled or expired sessions, which leave their place to rebook", () => {
    expect(planProgress(3, ["cancelled", "expired", "confirmed"])).toEqual({ total: 3, booked: 1, completed: 0, remaining: 2 });
  });

  it("reports a plan with no sessions yet as all remaining", () => {
    expect(planProgress(3, [])).toEqual({ total: 3, booked: 0, completed: 0, remaining: 3 });
  });

  it("never reports a negative remainder", () => {
    expect(planProgress(2, ["confirmed", "confirmed", "held"])).toEqual({ total: 2, booked: 3, completed: 0, remaining: 0 });
  });

  it("reports a finished plan", () => {
    expect(planProgress(3, ["completed", "completed", "completed"])).toEqual({ total: 3, booked: 3, completed: 3, remaining: 0 });
  });
});

describe("gapConflict (minGapDays, in local calendar days)", () => {
  const sequential = config({ strategy: "sequential", gapDays: null, minGapDays: 7 });
  const first = { sessionNumber: 1, start: at("2026-03-03T23:30:00-05:00") };

  it("has nothing to say without a minimum gap, or without other sessions", () => {
    expect(gapConflict({ ...sequential, minGapDays: null }, [first], 2, at("2026-03-04T10:00:00-05:00"), NY)).toBeUndefined();
    expect(gapConflict(sequential, [], 2, at("2026-03-04T10:00:00-05:00"), NY)).toBeUndefined();
  });

  it("names the first day allowed after the previous session, counted by the business's calendar", () => {
    // Tue 3 Mar 23:30 local is already Wed 4 Mar in UTC: the days are New York's.
    expect(gapConflict(sequential, [first], 2, at("2026-03-09T10:00:00-04:00"), NY)).toEqual({ neighbour: first, side: "previous", boundary: { year: 2026, month: 3, day: 10 } });
    expect(gapConflict(sequential, [first], 2, at("2026-03-10T00:00:00-04:00"), NY)).toBeUndefined();
  });

  it("names the last day allowed before the next session when moving an earlier one", () => {
    const third = { sessionNumber: 3, start: at("2026-03-20T10:00:00-04:00") };
    expect(gapConflict(sequential, [first, third], 2, at("2026-03-15T10:00:00-04:00"), NY)).toEqual({ neighbour: third, side: "next", boundary: { year: 2026, month: 3, day: 13 } });
  });

  it("takes a numbered plan's neighbours by number: a later session never goes before an earlier one", () => {
    expect(gapConflict(sequential, [first], 2, at("2026-02-20T10:00:00-05:00"), NY)).toMatchObject({ side: "previous", neighbour: first });
  });

  it("takes a flexible plan's neighbours by time", () => {
    const flexible = config({ strategy: "flexible", gapDays: null, minGapDays: 2 });
    const later = { sessionNumber: 2, start: at("2026-03-10T10:00:00-04:00") };
    expect(gapConflict(flexible, [later], 3, at("2026-03-06T10:00:00-05:00"), NY)).toBeUndefined();
    expect(gapConflict(flexible, [later], 3, at("2026-03-09T10:00:00-04:00"), NY)).toMatchObject({ side: "next", boundary: { year: 2026, month: 3, day: 8 } });
  });
});

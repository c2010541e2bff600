/** The Today page's calendar arithmetic (pure functions: no browser needed, run by `npm test`). */
import {
  blockWidens,
  hoursText,
  inBlockedTime,
  isIsoDate,
  isLapsedHold,
  offHours,
  periodOnDay,
  shortDay,
  visibleRange,
  weekDays,
  weekStart,
  weekTitle,
  weekdayOf,
} from "../../src/web/console/app/pages/today/calendar";

describe("weeks", () => {
  it("start on Monday, from any day of the week including Sunday", () => {
    expect(weekStart("2026-03-02")).toBe("2026-03-02"); // Monday
    expect(weekStart("2026-03-05")).toBe("2026-03-02"); // Thursday
    expect(weekStart("2026-03-08")).toBe("2026-03-02"); // Sunday
    expect(weekStart("2026-03-09")).toBe("2026-03-09");
  });

  it("run Monday to Sunday across a month and a year end", () => {
    expect(weekDays("2026-03-04")).toEqual(["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08"]);
    expect(weekDays("2027-01-01")).toEqual(["2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02", "2027-01-03"]);
  });

  it("are titled by their first and last day", () => {
    expect(weekTitle("2026-03-04")).toBe("March 2–8, 2026");
    expect(weekTitle("2026-04-01")).toBe("March 30 – April 5, 2026");
    expect(weekTitle("2026-12-31")).toBe("December 28, 2026 – January 3, 2027");
  });

  it("name their days shortly for the week's column heads", () => {
    expect(weekDays("2026-03-02").map(shortDay)).toEqual(["Mon 2", "Tue 3", "Wed 4", "Thu 5", "Fri 6", "Sat 7", "Sun 8"]);
  });

  it("count weekdays as the availability rules do (0 = Sunday)", () => {
    expect(weekdayOf("2026-03-08")).toBe(0);
    expect(weekdayOf("2026-03-02")).toBe(1);
  });
});

describe("isIsoDate", () => {
  it("accepts real dates only", () => {
    expect(isIsoDate("2026-02-28")).toBe(true);
    expect(isIsoDate("2026-02-30")).toBe(false);
    expect(isIsoDate("2026-2-3")).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });
});

describe("periodOnDay", () => {
  const lunch = { start: "2026-03-03T12:00:00-05:00", end: "2026-03-03T13:30:00-05:00" };
  const overnight = { start: "2026-03-03T20:00:00-05:00", end: "2026-03-05T09:00:00-05:00" };

  it("gives a period's minutes on its day and nothing on others", () => {
    expect(periodOnDay(lunch, "2026-03-03")).toEqual({ from: 720, to: 810 });
    expect(periodOnDay(lunch, "2026-03-02")).toBeUndefined();
    expect(periodOnDay(lunch, "2026-03-04")).toBeUndefined();
  });

  it("splits a period over several days at midnight", () => {
    expect(periodOnDay(overnight, "2026-03-03")).toEqual({ from: 1200, to: 1440 });
    expect(periodOnDay(overnight, "2026-03-04")).toEqual({ from: 0, to: 1440 });
    expect(periodOnDay(overnight, "2026-03-05")).toEqual({ from: 0, to: 540 });
  });

  it("gives nothing for a period ending at the day's first minute", () => {
    expect(periodOnDay({ start: "2026-03-02T09:00:00-05:00", end: "2026-03-03T00:00:00-05:00" }, "2026-03-03")).toBeUndefined();
  });
});

describe("working hours", () => {
  const rules = [
    { weekday: 2, start: "13:00", end: "17:00" },
    { weekday: 2, start: "09:00", end: "12:00" },
    { weekday: 3, start: "10:00", end: "18:00" },
  ];

  it("shade what lies outside them, between split shifts too", () => {
    expect(offHours(rules, 2, 480, 1140)).toEqual([
      { from: 480, to: 540 },
      { from: 720, to: 780 },
      { from: 1020, to: 1140 },
    ]);
    expect(offHours(rules, 3, 600, 1080)).toEqual([]);
  });

  it("shade the whole day off", () => {
    expect(offHours(rules, 0, 480, 1140)).toEqual([{ from: 480, to: 1140 }]);
  });

  it("read as text, or nothing on a day off", () => {
    expect(hoursText(rules, 2)).toBe("09:00–12:00, 13:00–17:00");
    expect(hoursText(rules, 0)).toBeUndefined();
  });
});

describe("visibleRange", () => {
  it("shows 08:00–19:00 at least, widened to whole hours", () => {
    expect(visibleRange([])).toEqual({ from: 480, to: 1140 });
    expect(visibleRange([{ from: 450, to: 1200 }])).toEqual({ from: 420, to: 1200 });
    expect(visibleRange([{ from: 1250, to: 1265 }])).toEqual({ from: 480, to: 1320 });
  });

  it("is not widened by a block covering the whole day, and only to where an overnight block begins", () => {
    const overnight = { start: "2026-03-03T20:00:00-05:00", end: "2026-03-05T06:30:00-05:00" };
    expect(blockWidens(overnight, "2026-03-04")).toBeUndefined();
    expect(blockWidens(overnight, "2026-03-03")).toEqual({ from: 1200, to: 1230 });
    expect(blockWidens(overnight, "2026-03-05")).toEqual({ from: 360, to: 390 });
  });
});

describe("isLapsedHold", () => {
  const now = Date.parse("2026-03-02T13:00:00Z");

  it("sees a hold, or a wait for payment, whose time has passed", () => {
    expect(isLapsedHold({ status: "held", holdExpiresAt: "2026-03-02T07:59:00-05:00" }, now)).toBe(true);
    expect(isLapsedHold({ status: "pending_payment", holdExpiresAt: "2026-03-02T08:00:00-05:00" }, now)).toBe(true);
  });

  it("leaves live holds and settled bookings alone", () => {
    expect(isLapsedHold({ status: "held", holdExpiresAt: "2026-03-02T08:10:00-05:00" }, now)).toBe(false);
    expect(isLapsedHold({ status: "confirmed", holdExpiresAt: null }, now)).toBe(false);
    expect(isLapsedHold({ status: "cancelled", holdExpiresAt: "2026-03-02T07:00:00-05:00" }, now)).toBe(false);
  });
});

describe("inBlockedTime", () => {
  const booking = { status: "confirmed", staffId: "alex", start: "2026-03-03T13:00:00-05:00", end: "2026-03-03T13:30:00-05:00" };
  const period = (staffId: string | null, start: string, end: string) => ({ staffId, start, end });

  it("marks a live booking overlapping its staff member's or the business's blocked period", () => {
    expect(inBlockedTime(booking, [period("alex", "2026-03-03T13:00:00-05:00", "2026-03-03T17:00:00-05:00")])).toBe(true);
    expect(inBlockedTime(booking, [period(null, "2026-03-03T18:15:00Z", "2026-03-03T18:20:00Z")])).toBe(true);
  });

  it("leaves alone another staff member's period, one that only touches it, and bookings no longer live", () => {
    expect(inBlockedTime(booking, [period("sam", "2026-03-03T12:00:00-05:00", "2026-03-03T17:00:00-05:00")])).toBe(false);
    expect(inBlockedTime(booking, [period("alex", "2026-03-03T13:30:00-05:00", "2026-03-03T14:00:00-05:00"), period(null, "2026-03-03T12:00:00-05:00", "2026-03-03T13:00:00-05:00")])).toBe(false);
    expect(inBlockedTime({ ...booking, status: "cancelled" }, [period("alex", "2026-03-03T12:00:00-05:00", "2026-03-03T17:00:00-05:00")])).toBe(false);
  });
});

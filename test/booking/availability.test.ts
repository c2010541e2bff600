/**
 * Specification of free-slot computation (src/booking/availability.ts). Every instant is fixed;
 * nothing reads the system clock.
 *
 * Calendar facts used below (2026):
 *  - America/New_York: spring forward Sun 8 Mar 02:00 EST → 03:00 EDT; fall back Sun 1 Nov 02:00 EDT → 01:00 EST.
 *  - Australia/Sydney: DST ends Sun 5 Apr 03:00 AEDT → 02:00 AEST; starts Sun 4 Oct 02:00 AEST → 03:00 AEDT.
 *  - Tue 3 Mar 2026 is a Tuesday (weekday 2); 1 Mar, 8 Mar, 5 Apr, 4 Oct and 1 Nov 2026 are Sundays.
 */
import {
  type BookingPolicy,
  type Interval,
  type Slot,
  type SlotQuery,
  type StaffSchedule,
  type WeeklyRule,
  availableSlots,
  bookableWindow,
  localDaysBetween,
  mergeIntervals,
  nearestSlots,
  toExternalBusy,
  workingIntervals,
} from "../../src/booking/availability";
import { MINUTE_MS, formatClockTime, localDateOf, localMinuteOfDay, parseClockTime, toZonedIso } from "../../src/booking/time";

const NY = "America/New_York";
const SYD = "Australia/Sydney";
const SUNDAY = 0;
const MONDAY = 1;
const TUESDAY = 2;
const WEDNESDAY = 3;
const SATURDAY = 6;

function at(iso: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`bad instant ${iso}`);
  return date;
}

function ms(iso: string): number {
  return at(iso).getTime();
}

function clock(text: string): number {
  const minutes = parseClockTime(text);
  if (minutes === undefined) throw new Error(`bad clock time ${text}`);
  return minutes;
}

function rule(weekday: number, start: string, end: string): WeeklyRule {
  return { weekday, startMinute: clock(start), endMinute: clock(end) };
}

function everyDay(start: string, end: string): WeeklyRule[] {
  return [0, 1, 2, 3, 4, 5, 6].map((weekday) => rule(weekday, start, end));
}

function busy(startIso: string, endIso: string): Interval {
  return { start: ms(startIso), end: ms(endIso) };
}

function policy(overrides: Partial<BookingPolicy> = {}): BookingPolicy {
  return { timezone: NY, slotIntervalMinutes: 15, bufferMinutes: 0, minNoticeMinutes: 0, maxAdvanceDays: 60, ...overrides };
}

function staff(staffId: string, rules: WeeklyRule[], busyRanges: Interval[] = []): StaffSchedule {
  return { staffId, rules, busy: busyRanges };
}

/** Sunday 1 March 2026, 00:00 in New York: before every March case below. */
const EARLY_MARCH_NOW = at("2026-03-01T00:00:00-05:00");

function query(overrides: Partial<SlotQuery> & Pick<SlotQuery, "from" | "to" | "staff">): SlotQuery {
  return { policy: policy(), durationMinutes: 60, now: EARLY_MARCH_NOW, ...overrides };
}

/** Each slot's start as ISO 8601 with the zone's offset, e.g. "2026-03-03T09:00:00-05:00". */
function isoStarts(slots: Slot[], timezone = NY): string[] {
  return slots.map((s) => toZonedIso(s.start, timezone));
}

/** Each slot's start as the wall clock shows it, e.g. "09:00". */
function wallStarts(slots: Slot[], timezone = NY): string[] {
  return slots.map((s) => formatClockTime(localMinuteOfDay(s.start, timezone)));
}

function gapsInMinutes(slots: Slot[]): number[] {
  return slots.slice(1).map((s, i) => (s.start.getTime() - slots[i]!.start.getTime()) / MINUTE_MS);
}

function expectDistinctSortedInstants(slots: Slot[]): void {
  const times = slots.map((s) => s.start.getTime());
  expect(new Set(times).size).toBe(times.length);
  expect([...times].sort((a, b) => a - b)).toEqual(times);
}

/** How many starts fit a real-time window of `windowMinutes` with the given duration and step. */
function fittingStarts(windowMinutes: number, durationMinutes: number, stepMinutes: number): number {
  return Math.floor((windowMinutes - durationMinutes) / stepMinutes) + 1;
}

/** The whole local day of Tuesday 3 March 2026 in New York (EST). */
const TUESDAY_FROM = at("2026-03-03T00:00:00-05:00");
const TUESDAY_TO = at("2026-03-04T00:00:00-05:00");

function tuesday(staffList: StaffSchedule[], overrides: Partial<SlotQuery> = {}): Slot[] {
  return availableSlots(query({ from: TUESDAY_FROM, to: TUESDAY_TO, staff: staffList, ...overrides }));
}

describe("availableSlots", () => {
  describe("a plain weekday", () => {
    const slots = tuesday([staff("alice", [rule(TUESDAY, "09:00", "17:00")])]);

    it("offers the first slot at opening time, 09:00", () => {
      expect(isoStarts(slots)[0]).toBe("2026-03-03T09:00:00-05:00");
    });

    it("offers the last slot when the service still ends by closing time, at 16:00", () => {
      expect(isoStarts(slots).at(-1)).toBe("2026-03-03T16:00:00-05:00");
      expect(slots.at(-1)!.end.toISOString()).toBe(at("2026-03-03T17:00:00-05:00").toISOString());
    });

    it("offers 29 slots on a 15-minute grid for a 60-minute service in 09:00–17:00", () => {
      expect(slots).toHaveLength(29);
      expect(gapsInMinutes(slots).every((g) => g === 15)).toBe(true);
    });

    it("gives every slot an end one service duration after its start", () => {
      for (const slot of slots) expect(slot.end.getTime() - slot.start.getTime()).toBe(60 * MINUTE_MS);
    });

    it("names the staff member who is free for each slot", () => {
      for (const slot of slots) expect(slot.staffIds).toEqual(["alice"]);
    });

    it("offers nothing on a weekday without a rule", () => {
      const week = availableSlots(
        query({ from: at("2026-03-01T00:00:00-05:00"), to: at("2026-03-08T00:00:00-05:00"), staff: [staff("alice", [rule(TUESDAY, "09:00", "17:00")])] }),
      );
      expect(week).toHaveLength(29);
      expect(new Set(week.map((s) => localDateOf(s.start, NY).day))).toEqual(new Set([3]));
    });

    it("reads weekday 0 as Sunday and 6 as Saturday", () => {
      const week = availableSlots(
        query({
          from: at("2026-03-01T00:00:00-05:00"),
          to: at("2026-03-08T00:00:00-05:00"),
          staff: [staff("alice", [rule(SUNDAY, "09:00", "10:00"), rule(SATURDAY, "11:00", "12:00")])],
        }),
      );
      expect(isoStarts(week)).toEqual(["2026-03-01T09:00:00-05:00", "2026-03-07T11:00:00-05:00"]);
    });

    it("steps from the opening time, not from the top of the hour", () => {
      const odd = tuesday([staff("alice", [rule(TUESDAY, "09:10", "11:00")])], { durationMinutes: 30 });
      expect(wallStarts(odd)).toEqual(["09:10", "09:25", "09:40", "09:55", "10:10", "10:25"]);
    });

    it("uses the slot interval as the step, independent of the service duration", () => {
      const hourly = tuesday([staff("alice", [rule(TUESDAY, "09:00", "12:00")])], { policy: policy({ slotIntervalMinutes: 60 }), durationMinutes: 30 });
      expect(wallStarts(hourly)).toEqual(["09:00", "10:00", "11:00"]);
    });

    it("offers slots up to local midnight for a rule ending at 24:00", () => {
      const late = tuesday([staff("alice", [rule(TUESDAY, "22:00", "24:00")])]);
      expect(wallStarts(late)).toEqual(["22:00", "22:15", "22:30", "22:45", "23:00"]);
      expect(late.at(-1)!.end.toISOString()).toBe(TUESDAY_TO.toISOString());
    });

    it("offers nothing when there is no staff", () => {
      expect(tuesday([])).toEqual([]);
    });

    it("offers nothing for an empty or reversed search window", () => {
      const schedules = [staff("alice", [rule(TUESDAY, "09:00", "17:00")])];
      expect(availableSlots(query({ from: TUESDAY_TO, to: TUESDAY_TO, staff: schedules }))).toEqual([]);
      expect(availableSlots(query({ from: TUESDAY_TO, to: TUESDAY_FROM, staff: schedules }))).toEqual([]);
    });
  });

  describe("America/New_York spring forward (Sun 8 Mar 2026, 02:00 EST → 03:00 EDT)", () => {
    const from = at("2026-03-08T00:00:00-05:00");
    const to = at("2026-03-09T00:00:00-04:00");
    const slots = availableSlots(query({ from, to, staff: [staff("alice", [rule(SUNDAY, "00:00", "06:00")])] }));

    it("offers no slot inside the spring-forward gap", () => {
      expect(wallStarts(slots).filter((t) => t.startsWith("02:"))).toEqual([]);
    });

    it("counts slots by real elapsed time: 00:00–06:00 is five hours that night", () => {
      const realMinutes = (ms("2026-03-08T06:00:00-04:00") - ms("2026-03-08T00:00:00-05:00")) / MINUTE_MS;
      expect(realMinutes).toBe(300);
      expect(slots).toHaveLength(fittingStarts(300, 60, 15));
      expect(slots).toHaveLength(17);
    });

    it("keeps the grid 15 real minutes apart across the jump (01:45 EST is followed by 03:00 EDT)", () => {
      expect(gapsInMinutes(slots).every((g) => g === 15)).toBe(true);
      expect(isoStarts(slots)).toContain("2026-03-08T01:45:00-05:00");
      const i = isoStarts(slots).indexOf("2026-03-08T01:45:00-05:00");
      expect(isoStarts(slots)[i + 1]).toBe("2026-03-08T03:00:00-04:00");
    });

    it("starts at 00:00 EST and ends with 05:00 EDT", () => {
      expect(isoStarts(slots)[0]).toBe("2026-03-08T00:00:00-05:00");
      expect(isoStarts(slots).at(-1)).toBe("2026-03-08T05:00:00-04:00");
    });

    it("gives a slot spanning the jump a real duration of 60 minutes (01:30 EST → 03:30 EDT)", () => {
      const spanning = slots.find((s) => toZonedIso(s.start, NY) === "2026-03-08T01:30:00-05:00")!;
      expect(toZonedIso(spanning.end, NY)).toBe("2026-03-08T03:30:00-04:00");
      expect(spanning.end.getTime() - spanning.start.getTime()).toBe(60 * MINUTE_MS);
    });

    it("opens a rule that starts at 02:00 (which does not exist) at 03:00 EDT", () => {
      const gapStart = availableSlots(query({ from, to, staff: [staff("alice", [rule(SUNDAY, "02:00", "05:00")])] }));
      expect(isoStarts(gapStart)[0]).toBe("2026-03-08T03:00:00-04:00");
      expect(gapStart).toHaveLength(fittingStarts(120, 60, 15));
    });

    it("opens a rule that starts inside the gap (02:30) at the first wall time that exists, 03:00 EDT", () => {
      const inGap = availableSlots(query({ from, to, staff: [staff("alice", [rule(SUNDAY, "02:30", "05:00")])] }));
      expect(isoStarts(inGap)[0]).toBe("2026-03-08T03:00:00-04:00");
      expect(inGap).toHaveLength(fittingStarts(120, 60, 15));
    });

    it("closes a rule that ends inside the gap (02:30) when the clock passes it, at 03:00 EDT", () => {
      const endsInGap = availableSlots(
        query({ from, to, policy: policy({ slotIntervalMinutes: 30 }), staff: [staff("alice", [rule(SUNDAY, "00:00", "02:30")])] }),
      );
      expect(isoStarts(endsInGap)).toEqual(["2026-03-08T00:00:00-05:00", "2026-03-08T00:30:00-05:00", "2026-03-08T01:00:00-05:00"]);
      expect(toZonedIso(endsInGap.at(-1)!.end, NY)).toBe("2026-03-08T03:00:00-04:00");
    });

    it("offers a normal day right after the change at EDT", () => {
      const monday = availableSlots(
        query({ from: at("2026-03-09T00:00:00-04:00"), to: at("2026-03-10T00:00:00-04:00"), staff: [staff("alice", [rule(MONDAY, "09:00", "17:00")])] }),
      );
      expect(monday).toHaveLength(29);
      expect(isoStarts(monday)[0]).toBe("2026-03-09T09:00:00-04:00");
    });
  });

  describe("America/New_York fall back (Sun 1 Nov 2026, 02:00 EDT → 01:00 EST)", () => {
    const now = at("2026-10-30T12:00:00-04:00");
    const from = at("2026-11-01T00:00:00-04:00");
    const to = at("2026-11-02T00:00:00-05:00");
    const slots = availableSlots(query({ now, from, to, staff: [staff("alice", [rule(SUNDAY, "00:00", "06:00")])] }));

    it("does not double the fall-back hour: every slot is a distinct instant", () => {
      expectDistinctSortedInstants(slots);
    });

    it("counts slots by real elapsed time: 00:00–06:00 is seven hours that night", () => {
      const realMinutes = (ms("2026-11-01T06:00:00-05:00") - ms("2026-11-01T00:00:00-04:00")) / MINUTE_MS;
      expect(realMinutes).toBe(420);
      expect(slots).toHaveLength(fittingStarts(420, 60, 15));
      expect(slots).toHaveLength(25);
    });

    it("offers each 01:xx wall time twice, once in EDT and once in EST, as distinct instants", () => {
      const oneAm = isoStarts(slots).filter((iso) => iso.startsWith("2026-11-01T01:"));
      expect(oneAm).toEqual([
        "2026-11-01T01:00:00-04:00",
        "2026-11-01T01:15:00-04:00",
        "2026-11-01T01:30:00-04:00",
        "2026-11-01T01:45:00-04:00",
        "2026-11-01T01:00:00-05:00",
        "2026-11-01T01:15:00-05:00",
        "2026-11-01T01:30:00-05:00",
        "2026-11-01T01:45:00-05:00",
      ]);
    });

    it("keeps the grid 15 real minutes apart through the repeated hour", () => {
      expect(gapsInMinutes(slots).every((g) => g === 15)).toBe(true);
    });

    it("starts at 00:00 EDT and ends with 05:00 EST", () => {
      expect(isoStarts(slots)[0]).toBe("2026-11-01T00:00:00-04:00");
      expect(isoStarts(slots).at(-1)).toBe("2026-11-01T05:00:00-05:00");
    });

    it("offers an hourly grid in the repeated hour exactly twice (01:00 EDT and 01:00 EST)", () => {
      const hourly = availableSlots(query({ now, from, to, policy: policy({ slotIntervalMinutes: 60 }), staff: [staff("alice", [rule(SUNDAY, "00:00", "06:00")])] }));
      expect(wallStarts(hourly)).toEqual(["00:00", "01:00", "01:00", "02:00", "03:00", "04:00", "05:00"]);
      expectDistinctSortedInstants(hourly);
    });

    it("opens a rule that starts at the ambiguous 01:30 the first time the clock shows it (EDT)", () => {
      const ambiguous = availableSlots(query({ now, from, to, staff: [staff("alice", [rule(SUNDAY, "01:30", "03:00")])] }));
      expect(isoStarts(ambiguous)[0]).toBe("2026-11-01T01:30:00-04:00");
      // 01:30 EDT → 03:00 EST is two and a half real hours.
      expect(ambiguous).toHaveLength(fittingStarts(150, 60, 15));
      expectDistinctSortedInstants(ambiguous);
    });
  });

  describe("Australia/Sydney (southern hemisphere)", () => {
    it("offers a plain winter weekday at AEST (+10:00) and a summer one at AEDT (+11:00)", () => {
      const winter = availableSlots(
        query({
          now: at("2026-05-31T00:00:00+10:00"),
          policy: policy({ timezone: SYD }),
          from: at("2026-06-01T00:00:00+10:00"),
          to: at("2026-06-02T00:00:00+10:00"),
          staff: [staff("kim", [rule(MONDAY, "09:00", "17:00")])],
        }),
      );
      expect(winter).toHaveLength(29);
      expect(isoStarts(winter, SYD)[0]).toBe("2026-06-01T09:00:00+10:00");
      expect(isoStarts(winter, SYD).at(-1)).toBe("2026-06-01T16:00:00+10:00");

      const summer = availableSlots(
        query({
          now: at("2026-01-04T00:00:00+11:00"),
          policy: policy({ timezone: SYD }),
          from: at("2026-01-05T00:00:00+11:00"),
          to: at("2026-01-06T00:00:00+11:00"),
          staff: [staff("kim", [rule(MONDAY, "09:00", "17:00")])],
        }),
      );
      expect(summer).toHaveLength(29);
      expect(isoStarts(summer, SYD)[0]).toBe("2026-01-05T09:00:00+11:00");
    });

    describe("DST ends Sun 5 Apr 2026 (03:00 AEDT → 02:00 AEST)", () => {
      const slots = availableSlots(
        query({
          now: at("2026-04-01T12:00:00+11:00"),
          policy: policy({ timezone: SYD }),
          from: at("2026-04-05T00:00:00+11:00"),
          to: at("2026-04-06T00:00:00+10:00"),
          staff: [staff("kim", [rule(SUNDAY, "00:00", "06:00")])],
        }),
      );

      it("does not double the repeated hour: every slot is a distinct instant", () => {
        expectDistinctSortedInstants(slots);
      });

      it("counts slots by real elapsed time: seven hours", () => {
        expect((ms("2026-04-05T06:00:00+10:00") - ms("2026-04-05T00:00:00+11:00")) / MINUTE_MS).toBe(420);
        expect(slots).toHaveLength(25);
      });

      it("offers each 02:xx wall time twice, in AEDT and in AEST", () => {
        const twoAm = isoStarts(slots, SYD).filter((iso) => iso.startsWith("2026-04-05T02:"));
        expect(twoAm).toEqual([
          "2026-04-05T02:00:00+11:00",
          "2026-04-05T02:15:00+11:00",
          "2026-04-05T02:30:00+11:00",
          "2026-04-05T02:45:00+11:00",
          "2026-04-05T02:00:00+10:00",
          "2026-04-05T02:15:00+10:00",
          "2026-04-05T02:30:00+10:00",
          "2026-04-05T02:45:00+10:00",
        ]);
        expect(gapsInMinutes(slots).every((g) => g === 15)).toBe(true);
      });

      it("starts at 00:00 AEDT and ends with 05:00 AEST", () => {
        expect(isoStarts(slots, SYD)[0]).toBe("2026-04-05T00:00:00+11:00");
        expect(isoStarts(slots, SYD).at(-1)).toBe("2026-04-05T05:00:00+10:00");
      });
    });

    describe("DST starts Sun 4 Oct 2026 (02:00 AEST → 03:00 AEDT)", () => {
      const from = at("2026-10-04T00:00:00+10:00");
      const to = at("2026-10-05T00:00:00+11:00");
      const sydneyQuery = (rules: WeeklyRule[]) =>
        query({ now: at("2026-10-01T12:00:00+10:00"), policy: policy({ timezone: SYD }), from, to, staff: [staff("kim", rules)] });
      const slots = availableSlots(sydneyQuery([rule(SUNDAY, "00:00", "06:00")]));

      it("offers no slot inside the spring-forward gap", () => {
        expect(wallStarts(slots, SYD).filter((t) => t.startsWith("02:"))).toEqual([]);
      });

      it("counts slots by real elapsed time: five hours", () => {
        expect((ms("2026-10-04T06:00:00+11:00") - ms("2026-10-04T00:00:00+10:00")) / MINUTE_MS).toBe(300);
        expect(slots).toHaveLength(17);
        expect(gapsInMinutes(slots).every((g) => g === 15)).toBe(true);
      });

      it("follows 01:45 AEST with 03:00 AEDT", () => {
        const isos = isoStarts(slots, SYD);
        expect(isos[isos.indexOf("2026-10-04T01:45:00+10:00") + 1]).toBe("2026-10-04T03:00:00+11:00");
        expect(isos[0]).toBe("2026-10-04T00:00:00+10:00");
        expect(isos.at(-1)).toBe("2026-10-04T05:00:00+11:00");
      });

      it("opens a rule that starts inside the gap (02:30) at 03:00 AEDT", () => {
        const inGap = availableSlots(sydneyQuery([rule(SUNDAY, "02:30", "05:00")]));
        expect(isoStarts(inGap, SYD)[0]).toBe("2026-10-04T03:00:00+11:00");
        expect(inGap).toHaveLength(fittingStarts(120, 60, 15));
      });
    });
  });

  describe("buffers", () => {
    const buffered = policy({ bufferMinutes: 15 });
    const hours = [rule(TUESDAY, "09:00", "17:00")];

    it("blocks 09:00 for a 60-minute service when a booking 10:00–11:00 is stored as busy [10:00, 11:15)", () => {
      // The candidate claims [09:00, 10:15): its own buffer runs into the booking at 10:00.
      const slots = tuesday([staff("alice", hours, [busy("2026-03-03T10:00:00-05:00", "2026-03-03T11:15:00-05:00")])], { policy: buffered });
      expect(wallStarts(slots)).not.toContain("09:00");
      expect(wallStarts(slots)[0]).toBe("11:15");
    });

    it("reopens exactly when the stored buffer after a booking ends (11:15), not at the booking's end (11:00)", () => {
      const slots = tuesday([staff("alice", hours, [busy("2026-03-03T10:00:00-05:00", "2026-03-03T11:15:00-05:00")])], { policy: buffered });
      expect(wallStarts(slots)).not.toContain("11:00");
      expect(wallStarts(slots)).toContain("11:15");
      // 11:15 … 16:00 on a 15-minute grid.
      expect(slots).toHaveLength(20);
    });

    it("allows a slot whose buffer ends exactly where a busy range starts (half-open ranges)", () => {
      // Booking 10:15–11:15 stored as [10:15, 11:30): 09:00 claims [09:00, 10:15) and just fits.
      const slots = tuesday([staff("alice", hours, [busy("2026-03-03T10:15:00-05:00", "2026-03-03T11:30:00-05:00")])], { policy: buffered });
      expect(wallStarts(slots).slice(0, 2)).toEqual(["09:00", "11:30"]);
    });

    it("without a buffer, a slot may end exactly when a booking starts", () => {
      const slots = tuesday([staff("alice", hours, [busy("2026-03-03T10:00:00-05:00", "2026-03-03T11:00:00-05:00")])]);
      expect(wallStarts(slots).slice(0, 2)).toEqual(["09:00", "11:00"]);
    });

    it("lets the buffer after the day's last slot run past closing time", () => {
      const slots = tuesday([staff("alice", hours)], { policy: buffered });
      expect(wallStarts(slots).at(-1)).toBe("16:00");
      expect(slots).toHaveLength(29);
    });

    it("fits slots between several bookings, each needing its buffer clear", () => {
      const slots = tuesday(
        [
          staff("alice", hours, [
            busy("2026-03-03T09:00:00-05:00", "2026-03-03T10:15:00-05:00"),
            busy("2026-03-03T11:30:00-05:00", "2026-03-03T12:45:00-05:00"),
            busy("2026-03-03T14:00:00-05:00", "2026-03-03T17:15:00-05:00"),
          ]),
        ],
        { policy: buffered },
      );
      // [10:15, 11:30) fits exactly one 60+15 claim; [12:45, 14:00) fits exactly one.
      expect(wallStarts(slots)).toEqual(["10:15", "12:45"]);
    });

    describe("external calendar events", () => {
      it("widens an event by the buffer after it", () => {
        const event = busy("2026-03-03T13:00:00-05:00", "2026-03-03T14:00:00-05:00");
        expect(toExternalBusy(event, 15)).toEqual(busy("2026-03-03T13:00:00-05:00", "2026-03-03T14:15:00-05:00"));
        expect(toExternalBusy(event, 0)).toEqual(event);
      });

      it("does not change the event it is given", () => {
        const event = busy("2026-03-03T13:00:00-05:00", "2026-03-03T14:00:00-05:00");
        toExternalBusy(event, 15);
        expect(event).toEqual(busy("2026-03-03T13:00:00-05:00", "2026-03-03T14:00:00-05:00"));
      });

      it("keeps the buffer clear on both sides of an event", () => {
        const event = busy("2026-03-03T13:00:00-05:00", "2026-03-03T14:00:00-05:00");
        const slots = tuesday([staff("alice", hours, [toExternalBusy(event, 15)])], { policy: buffered });
        const walls = wallStarts(slots);
        // Before: a 60-minute slot must end 15 minutes before 13:00, so 11:45 is the last.
        expect(walls).toContain("11:45");
        expect(walls).not.toContain("12:00");
        // After: nothing until 15 minutes after 14:00.
        for (const blocked of ["12:00", "12:15", "12:30", "12:45", "13:00", "13:15", "13:30", "13:45", "14:00"]) {
          expect(walls).not.toContain(blocked);
        }
        expect(walls).toContain("14:15");
        expect(slots).toHaveLength(29 - 9);
      });
    });
  });

  describe("minimum notice", () => {
    const hours = [rule(TUESDAY, "09:00", "17:00"), rule(WEDNESDAY, "09:00", "17:00")];

    it("offers the first slot on the grid at or after now + notice (now 09:10, 60 min → 10:15)", () => {
      const slots = tuesday([staff("alice", hours)], { now: at("2026-03-03T09:10:00-05:00"), policy: policy({ minNoticeMinutes: 60 }) });
      expect(isoStarts(slots)[0]).toBe("2026-03-03T10:15:00-05:00");
      expect(wallStarts(slots).at(-1)).toBe("16:00");
      expect(slots).toHaveLength(24);
    });

    it("offers a slot exactly at now + notice", () => {
      const slots = tuesday([staff("alice", hours)], { now: at("2026-03-03T09:15:00-05:00"), policy: policy({ minNoticeMinutes: 60 }) });
      expect(wallStarts(slots)[0]).toBe("10:15");
    });

    it("keeps the grid anchored to opening time when notice falls between grid points", () => {
      const slots = tuesday([staff("alice", hours)], { now: at("2026-03-03T09:00:01-05:00"), policy: policy({ minNoticeMinutes: 0 }) });
      expect(wallStarts(slots)[0]).toBe("09:15");
    });

    it("offers nothing in the past even with no notice", () => {
      const slots = tuesday([staff("alice", hours)], { now: at("2026-03-03T12:00:00-05:00") });
      expect(wallStarts(slots)[0]).toBe("12:00");
      expect(slots).toHaveLength(17);
    });

    it("pushes everything to the next working day when notice passes today's last slot", () => {
      const slots = availableSlots(
        query({
          now: at("2026-03-03T15:30:00-05:00"),
          policy: policy({ minNoticeMinutes: 60 }),
          from: TUESDAY_FROM,
          to: at("2026-03-05T00:00:00-05:00"),
          staff: [staff("alice", hours)],
        }),
      );
      expect(isoStarts(slots)[0]).toBe("2026-03-04T09:00:00-05:00");
      expect(slots).toHaveLength(29);
    });

    it("counts notice in real time across the spring-forward gap", () => {
      // 01:30 EST + 60 minutes is 03:30 EDT, not 02:30.
      const slots = availableSlots(
        query({
          now: at("2026-03-08T01:30:00-05:00"),
          policy: policy({ minNoticeMinutes: 60 }),
          from: at("2026-03-08T00:00:00-05:00"),
          to: at("2026-03-09T00:00:00-04:00"),
          staff: [staff("alice", [rule(SUNDAY, "00:00", "06:00")])],
        }),
      );
      expect(isoStarts(slots)[0]).toBe("2026-03-08T03:30:00-04:00");
    });
  });

  describe("booking horizon", () => {
    // Monday 2 March 2026, 08:00 EST. Day 7 is Monday 9 March (after the spring-forward), day 8 is Tuesday 10 March.
    const now = at("2026-03-02T08:00:00-05:00");
    const horizon = policy({ maxAdvanceDays: 7 });

    it("ends at local midnight after the last bookable day", () => {
      expect(bookableWindow(horizon, now)).toEqual({ start: now.getTime(), end: ms("2026-03-10T00:00:00-04:00") });
    });

    it("starts at now plus the minimum notice", () => {
      expect(bookableWindow(policy({ minNoticeMinutes: 90 }), now).start).toBe(ms("2026-03-02T09:30:00-05:00"));
    });

    it("offers everything on day 7 and nothing on day 8 (maxAdvanceDays 7)", () => {
      const slots = availableSlots(
        query({ now, policy: horizon, from: at("2026-03-09T00:00:00-04:00"), to: at("2026-03-11T00:00:00-04:00"), staff: [staff("alice", everyDay("09:00", "17:00"))] }),
      );
      expect(slots).toHaveLength(29);
      expect(slots.every((s) => localDateOf(s.start, NY).day === 9)).toBe(true);
      expect(isoStarts(slots)[0]).toBe("2026-03-09T09:00:00-04:00");
      expect(isoStarts(slots).at(-1)).toBe("2026-03-09T16:00:00-04:00");
    });

    it("offers day 7 up to its last minute, and nothing from day 8's midnight", () => {
      const slots = availableSlots(
        query({
          now,
          policy: policy({ maxAdvanceDays: 7, slotIntervalMinutes: 60 }),
          from: at("2026-03-09T00:00:00-04:00"),
          to: at("2026-03-11T00:00:00-04:00"),
          staff: [staff("alice", everyDay("00:00", "24:00"))],
        }),
      );
      expect(slots).toHaveLength(24);
      expect(isoStarts(slots).at(-1)).toBe("2026-03-09T23:00:00-04:00");
    });

    it("counts every day from today through day 7 when the search covers them all", () => {
      const slots = availableSlots(
        query({ now, policy: horizon, from: now, to: at("2026-03-20T00:00:00-04:00"), staff: [staff("alice", everyDay("09:00", "17:00"))] }),
      );
      const days = [...new Set(slots.map((s) => localDateOf(s.start, NY).day))];
      expect(days).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
      expect(slots).toHaveLength(8 * 29);
    });

    it("allows only today with maxAdvanceDays 0", () => {
      const slots = availableSlots(
        query({ now, policy: policy({ maxAdvanceDays: 0 }), from: now, to: at("2026-03-05T00:00:00-05:00"), staff: [staff("alice", everyDay("09:00", "17:00"))] }),
      );
      expect(slots).toHaveLength(29);
      expect(slots.every((s) => localDateOf(s.start, NY).day === 2)).toBe(true);
    });

    it("counts horizon days in the business's zone, not in UTC", () => {
      // 21:00 EST on 2 March is already 3 March in UTC; day 1 is still 3 March locally.
      const evening = at("2026-03-02T21:00:00-05:00");
      expect(bookableWindow(policy({ maxAdvanceDays: 1 }), evening).end).toBe(ms("2026-03-04T00:00:00-05:00"));
    });
  });

  describe("blocked periods", () => {
    const hours = everyDay("09:00", "17:00");

    it("removes a lunch block from the day", () => {
      const slots = tuesday([staff("alice", hours, [busy("2026-03-03T12:00:00-05:00", "2026-03-03T13:00:00-05:00")])]);
      const walls = wallStarts(slots);
      expect(walls).toContain("11:00");
      for (const blocked of ["11:15", "11:30", "11:45", "12:00", "12:15", "12:30", "12:45"]) expect(walls).not.toContain(blocked);
      expect(walls).toContain("13:00");
      expect(slots).toHaveLength(29 - 7);
    });

    it("removes a whole day that is blocked (a holiday)", () => {
      const slots = availableSlots(
        query({
          from: at("2026-03-03T00:00:00-05:00"),
          to: at("2026-03-06T00:00:00-05:00"),
          staff: [staff("alice", hours, [busy("2026-03-04T00:00:00-05:00", "2026-03-05T00:00:00-05:00")])],
        }),
      );
      expect([...new Set(slots.map((s) => localDateOf(s.start, NY).day))]).toEqual([3, 5]);
      expect(slots).toHaveLength(58);
    });

    it("treats overlapping and touching busy ranges as one", () => {
      const slots = tuesday([
        staff("alice", hours, [
          busy("2026-03-03T10:30:00-05:00", "2026-03-03T12:00:00-05:00"),
          busy("2026-03-03T10:00:00-05:00", "2026-03-03T11:00:00-05:00"),
          busy("2026-03-03T12:00:00-05:00", "2026-03-03T13:00:00-05:00"),
        ]),
      ]);
      expect(wallStarts(slots).slice(0, 2)).toEqual(["09:00", "13:00"]);
    });

    it("accepts busy ranges in any order", () => {
      const ranges = [
        busy("2026-03-03T15:00:00-05:00", "2026-03-03T16:00:00-05:00"),
        busy("2026-03-03T10:00:00-05:00", "2026-03-03T11:00:00-05:00"),
      ];
      const forward = tuesday([staff("alice", hours, [...ranges].reverse())]);
      const backward = tuesday([staff("alice", hours, ranges)]);
      expect(isoStarts(backward)).toEqual(isoStarts(forward));
      expect(wallStarts(forward)).not.toContain("10:00");
      expect(wallStarts(forward)).not.toContain("15:00");
    });

    it("ignores busy ranges outside the working window", () => {
      const slots = tuesday([staff("alice", hours, [busy("2026-03-03T06:00:00-05:00", "2026-03-03T09:00:00-05:00"), busy("2026-03-03T17:00:00-05:00", "2026-03-03T20:00:00-05:00")])]);
      expect(slots).toHaveLength(29);
    });

    it("ignores empty busy ranges", () => {
      const slots = tuesday([staff("alice", hours, [busy("2026-03-03T10:00:00-05:00", "2026-03-03T10:00:00-05:00")])]);
      expect(slots).toHaveLength(29);
    });

    it("blocks a slot that a busy range covers only one minute of", () => {
      const slots = tuesday([staff("alice", hours, [busy("2026-03-03T09:59:00-05:00", "2026-03-03T10:00:00-05:00")])]);
      // Every start whose hour covers 09:59 is gone: 09:00 … 09:45.
      expect(wallStarts(slots)[0]).toBe("10:00");
      expect(slots).toHaveLength(25);
    });

    it("does not change the busy ranges it is given", () => {
      const ranges = [busy("2026-03-03T12:00:00-05:00", "2026-03-03T13:00:00-05:00"), busy("2026-03-03T10:00:00-05:00", "2026-03-03T12:30:00-05:00")];
      const copy = ranges.map((r) => ({ ...r }));
      tuesday([staff("alice", hours, ranges)]);
      expect(ranges).toEqual(copy);
    });
  });

  describe("overlapping rules", () => {
    const overlapping = [rule(TUESDAY, "09:00", "12:00"), rule(TUESDAY, "11:00", "14:00")];

    it("merges 09:00–12:00 and 11:00–14:00 into one window without duplicate starts", () => {
      const slots = tuesday([staff("alice", overlapping)]);
      expectDistinctSortedInstants(slots);
      expect(wallStarts(slots)[0]).toBe("09:00");
      expect(wallStarts(slots).at(-1)).toBe("13:00");
      expect(slots).toHaveLength(fittingStarts(300, 60, 15));
    });

    it("lets a 2-hour service span the overlap (11:00–13:00) and the join", () => {
      const slots = tuesday([staff("alice", overlapping)], { durationMinutes: 120, policy: policy({ slotIntervalMinutes: 60 }) });
      expect(wallStarts(slots)).toEqual(["09:00", "10:00", "11:00", "12:00"]);
      const eleven = slots.find((s) => toZonedIso(s.start, NY) === "2026-03-03T11:00:00-05:00")!;
      expect(toZonedIso(eleven.end, NY)).toBe("2026-03-03T13:00:00-05:00");
    });

    it("joins rules that touch (09:00–12:00 and 12:00–15:00) into one window", () => {
      const slots = tuesday([staff("alice", [rule(TUESDAY, "09:00", "12:00"), rule(TUESDAY, "12:00", "15:00")])], {
        durationMinutes: 120,
        policy: policy({ slotIntervalMinutes: 60 }),
      });
      expect(wallStarts(slots)).toEqual(["09:00", "10:00", "11:00", "12:00", "13:00"]);
    });

    it("does not offer a slot across a break between two rules", () => {
      const slots = tuesday([staff("alice", [rule(TUESDAY, "09:00", "12:00"), rule(TUESDAY, "13:00", "17:00")])], {
        durationMinutes: 120,
        policy: policy({ slotIntervalMinutes: 60 }),
      });
      expect(wallStarts(slots)).toEqual(["09:00", "10:00", "13:00", "14:00", "15:00"]);
    });

    it("offers each start once when the same rule is given twice", () => {
      const slots = tuesday([staff("alice", [rule(TUESDAY, "09:00", "17:00"), rule(TUESDAY, "09:00", "17:00")])]);
      expect(slots).toHaveLength(29);
      expectDistinctSortedInstants(slots);
    });

    it("uses the merged window's opening time as the grid origin", () => {
      const slots = tuesday([staff("alice", [rule(TUESDAY, "09:10", "12:00"), rule(TUESDAY, "11:00", "13:00")])], {
        policy: policy({ slotIntervalMinutes: 30 }),
      });
      expect(wallStarts(slots)).toEqual(["09:10", "09:40", "10:10", "10:40", "11:10", "11:40"]);
    });
  });

  describe("several staff members", () => {
    const alice = staff("alice", [rule(TUESDAY, "09:00", "12:00")], [busy("2026-03-03T10:00:00-05:00", "2026-03-03T11:00:00-05:00")]);
    const bob = staff("bob", [rule(TUESDAY, "10:00", "13:00")]);
    const hourly = { policy: policy({ slotIntervalMinutes: 60 }) };

    it("merges their slots into one sorted list with staffIds listing who is free", () => {
      const slots = tuesday([alice, bob], hourly);
      expect(slots.map((s) => [wallStarts([s])[0], s.staffIds])).toEqual([
        ["09:00", ["alice"]],
        ["10:00", ["bob"]],
        ["11:00", ["alice", "bob"]],
        ["12:00", ["bob"]],
      ]);
    });

    it("lists staffIds in the order the schedules were given", () => {
      const slots = tuesday([bob, alice], hourly);
      expect(slots.find((s) => wallStarts([s])[0] === "11:00")!.staffIds).toEqual(["bob", "alice"]);
    });

    it("offers one slot per instant even when several are free", () => {
      const slots = tuesday([staff("alice", [rule(TUESDAY, "09:00", "17:00")]), staff("bob", [rule(TUESDAY, "09:00", "17:00")])]);
      expect(slots).toHaveLength(29);
      for (const slot of slots) expect(slot.staffIds).toEqual(["alice", "bob"]);
    });

    it("interleaves staff whose grids differ", () => {
      const slots = tuesday([staff("alice", [rule(TUESDAY, "09:00", "11:00")]), staff("bob", [rule(TUESDAY, "09:30", "11:30")])], hourly);
      expect(slots.map((s) => [wallStarts([s])[0], s.staffIds])).toEqual([
        ["09:00", ["alice"]],
        ["09:30", ["bob"]],
        ["10:00", ["alice"]],
        ["10:30", ["bob"]],
      ]);
    });

    it("keeps one staff member's busy time from blocking another", () => {
      const slots = tuesday([
        staff("alice", [rule(TUESDAY, "09:00", "17:00")], [busy("2026-03-03T09:00:00-05:00", "2026-03-03T17:00:00-05:00")]),
        staff("bob", [rule(TUESDAY, "09:00", "17:00")]),
      ]);
      expect(slots).toHaveLength(29);
      for (const slot of slots) expect(slot.staffIds).toEqual(["bob"]);
    });

    it("omits a staff member with no rules", () => {
      const slots = tuesday([staff("alice", []), staff("bob", [rule(TUESDAY, "09:00", "10:00")])]);
      expect(slots.map((s) => s.staffIds)).toEqual([["bob"]]);
    });
  });

  describe("windows too short for the service", () => {
    it("offers nothing in a window that ends before the service fits (09:00–09:45, 60 minutes)", () => {
      expect(tuesday([staff("alice", [rule(TUESDAY, "09:00", "09:45")])])).toEqual([]);
    });

    it("offers exactly one slot when the window is exactly the service long", () => {
      expect(wallStarts(tuesday([staff("alice", [rule(TUESDAY, "09:00", "10:00")])]))).toEqual(["09:00"]);
    });

    it("offers nothing in a free gap between bookings shorter than the service", () => {
      const slots = tuesday([
        staff("alice", [rule(TUESDAY, "09:00", "12:00")], [
          busy("2026-03-03T09:00:00-05:00", "2026-03-03T10:00:00-05:00"),
          busy("2026-03-03T10:45:00-05:00", "2026-03-03T12:00:00-05:00"),
        ]),
      ]);
      expect(slots).toEqual([]);
    });

    it("offers nothing when the service is longer than the whole day's window", () => {
      expect(tuesday([staff("alice", [rule(TUESDAY, "09:00", "17:00")])], { durationMinutes: 9 * 60 })).toEqual([]);
    });
  });

  describe("search bounds", () => {
    const hours = [rule(TUESDAY, "09:00", "17:00")];

    it("offers only slots starting in [from, to)", () => {
      const slots = tuesday([staff("alice", hours)], { from: at("2026-03-03T10:00:00-05:00"), to: at("2026-03-03T12:00:00-05:00") });
      expect(wallStarts(slots)[0]).toBe("10:00");
      expect(wallStarts(slots).at(-1)).toBe("11:45");
      expect(slots).toHaveLength(8);
    });

    it("excludes a slot starting exactly at `to`", () => {
      const slots = tuesday([staff("alice", hours)], { from: at("2026-03-03T10:00:00-05:00"), to: at("2026-03-03T10:15:00-05:00") });
      expect(wallStarts(slots)).toEqual(["10:00"]);
    });

    it("bounds only the start: a slot may end after `to`", () => {
      const slots = tuesday([staff("alice", hours)], { from: at("2026-03-03T11:45:00-05:00"), to: at("2026-03-03T12:00:00-05:00") });
      expect(slots).toHaveLength(1);
      expect(toZonedIso(slots[0]!.end, NY)).toBe("2026-03-03T12:45:00-05:00");
    });

    it("keeps the opening-time grid when `from` falls between grid points", () => {
      const slots = tuesday([staff("alice", hours)], { from: at("2026-03-03T10:05:00-05:00"), to: at("2026-03-03T11:00:00-05:00") });
      expect(wallStarts(slots)).toEqual(["10:15", "10:30", "10:45"]);
    });

    it("spans several local days, sorted", () => {
      const slots = availableSlots(
        query({ from: at("2026-03-03T16:00:00-05:00"), to: at("2026-03-04T09:30:00-05:00"), staff: [staff("alice", everyDay("09:00", "17:00"))] }),
      );
      expect(isoStarts(slots)).toEqual(["2026-03-03T16:00:00-05:00", "2026-03-04T09:00:00-05:00", "2026-03-04T09:15:00-05:00"]);
    });

    it("reads the local day of `from` and `to` in the business's zone", () => {
      // 03:00Z on Wed 4 March is still Tuesday evening in New York.
      const slots = availableSlots(
        query({ from: at("2026-03-03T22:00:00Z"), to: at("2026-03-04T03:00:00Z"), staff: [staff("alice", [rule(TUESDAY, "17:00", "22:00")])] }),
      );
      expect(wallStarts(slots)[0]).toBe("17:00");
      expect(wallStarts(slots).at(-1)).toBe("21:00");
    });
  });
});

describe("mergeIntervals", () => {
  it("returns a sorted, disjoint union, joining overlapping and touching ranges", () => {
    expect(
      mergeIntervals([
        { start: 50, end: 60 },
        { start: 10, end: 20 },
        { start: 15, end: 30 },
        { start: 30, end: 40 },
      ]),
    ).toEqual([
      { start: 10, end: 40 },
      { start: 50, end: 60 },
    ]);
  });

  it("keeps a range that another contains as one", () => {
    expect(mergeIntervals([{ start: 0, end: 100 }, { start: 10, end: 20 }])).toEqual([{ start: 0, end: 100 }]);
  });

  it("drops empty and reversed ranges", () => {
    expect(mergeIntervals([{ start: 5, end: 5 }, { start: 9, end: 3 }])).toEqual([]);
  });

  it("does not change its input", () => {
    const input = [{ start: 10, end: 20 }, { start: 0, end: 15 }];
    mergeIntervals(input);
    expect(input).toEqual([{ start: 10, end: 20 }, { start: 0, end: 15 }]);
  });
});

describe("localDaysBetween", () => {
  it("lists each local day touched by [from, to) once, `to` exclusive", () => {
    expect(localDaysBetween(at("2026-03-03T00:00:00-05:00"), at("2026-03-04T00:00:00-05:00"), NY)).toEqual([{ year: 2026, month: 3, day: 3 }]);
    expect(localDaysBetween(at("2026-03-03T23:00:00-05:00"), at("2026-03-04T00:00:01-05:00"), NY)).toEqual([
      { year: 2026, month: 3, day: 3 },
      { year: 2026, month: 3, day: 4 },
    ]);
  });

  it("lists the 23-hour and 25-hour days once each", () => {
    expect(localDaysBetween(at("2026-03-07T00:00:00-05:00"), at("2026-03-10T00:00:00-04:00"), NY).map((d) => d.day)).toEqual([7, 8, 9]);
    expect(localDaysBetween(at("2026-10-31T00:00:00-04:00"), at("2026-11-03T00:00:00-05:00"), NY).map((d) => d.day)).toEqual([31, 1, 2]);
  });
});

describe("workingIntervals", () => {
  it("turns a weekly rule into the instants of each matching day", () => {
    const days = localDaysBetween(at("2026-03-02T00:00:00-05:00"), at("2026-03-04T00:00:00-05:00"), NY);
    expect(workingIntervals([rule(TUESDAY, "09:00", "17:00")], days, NY)).toEqual([busy("2026-03-03T09:00:00-05:00", "2026-03-03T17:00:00-05:00")]);
  });

  it("measures a rule across the spring-forward gap in real time", () => {
    const [window] = workingIntervals([rule(SUNDAY, "00:00", "24:00")], [{ year: 2026, month: 3, day: 8 }], NY);
    expect((window!.end - window!.start) / MINUTE_MS).toBe(23 * 60);
  });

  it("measures a rule across the fall-back hour in real time", () => {
    const [window] = workingIntervals([rule(SUNDAY, "00:00", "24:00")], [{ year: 2026, month: 11, day: 1 }], NY);
    expect((window!.end - window!.start) / MINUTE_MS).toBe(25 * 60);
  });
});

describe("nearestSlots", () => {
  const slots = (isos: string[]): Slot[] =>
    isos.map((iso) => ({ start: at(iso), end: new Date(ms(iso) + 60 * MINUTE_MS), staffIds: ["alice"] }));

  it("prefers a slot on the wanted local day over a closer one on another day", () => {
    const candidates = slots(["2026-03-03T09:00:00-05:00", "2026-03-04T00:00:00-05:00"]);
    const picked = nearestSlots(candidates, at("2026-03-03T23:00:00-05:00"), 1, NY);
    expect(isoStarts(picked)).toEqual(["2026-03-03T09:00:00-05:00"]);
  });

  it("decides 'same day' by the business's zone, not UTC", () => {
    // 2026-03-04T02:00Z is 21:00 on Tuesday 3 March in New York: the same local day as the wanted 23:00.
    const candidates = slots(["2026-03-03T09:00:00-05:00", "2026-03-04T02:00:00Z", "2026-03-04T00:00:00-05:00"]);
    const picked = nearestSlots(candidates, at("2026-03-03T23:00:00-05:00"), 1, NY);
    expect(picked[0]!.start.toISOString()).toBe("2026-03-04T02:00:00.000Z");
  });

  it("ranks by distance within the same day", () => {
    const candidates = slots(["2026-03-03T09:00:00-05:00", "2026-03-03T13:00:00-05:00", "2026-03-03T15:00:00-05:00"]);
    expect(isoStarts(nearestSlots(candidates, at("2026-03-03T14:30:00-05:00"), 1, NY))).toEqual(["2026-03-03T15:00:00-05:00"]);
  });

  it("breaks a tie in distance in favour of the earlier slot", () => {
    const candidates = slots(["2026-03-03T11:00:00-05:00", "2026-03-03T10:00:00-05:00"]);
    expect(isoStarts(nearestSlots(candidates, at("2026-03-03T10:30:00-05:00"), 1, NY))).toEqual(["2026-03-03T10:00:00-05:00"]);
  });

  it("breaks a tie between other days in favour of the earlier slot", () => {
    const candidates = slots(["2026-03-04T10:00:00-05:00", "2026-03-02T10:00:00-05:00"]);
    expect(isoStarts(nearestSlots(candidates, at("2026-03-03T10:00:00-05:00"), 1, NY))).toEqual(["2026-03-02T10:00:00-05:00"]);
  });

  it("returns the wanted time itself when it is free", () => {
    const candidates = slots(["2026-03-03T09:00:00-05:00", "2026-03-03T10:00:00-05:00", "2026-03-03T11:00:00-05:00"]);
    expect(isoStarts(nearestSlots(candidates, at("2026-03-03T10:00:00-05:00"), 1, NY))).toEqual(["2026-03-03T10:00:00-05:00"]);
  });

  it("returns the chosen slots in chronological order, same-day ones first in rank", () => {
    const candidates = slots([
      "2026-03-02T16:00:00-05:00",
      "2026-03-03T09:00:00-05:00",
      "2026-03-03T12:00:00-05:00",
      "2026-03-03T16:00:00-05:00",
      "2026-03-04T09:00:00-05:00",
    ]);
    const picked = nearestSlots(candidates, at("2026-03-03T13:00:00-05:00"), 4, NY);
    // Same day: 12:00 (1h), 16:00 (3h), 09:00 (4h); then the other day closest to 13:00:
    // 2 March 16:00 (a day and 3 h off the time of day) beats 4 March 09:00 (a day and 4 h).
    expect(isoStarts(picked)).toEqual([
      "2026-03-02T16:00:00-05:00",
      "2026-03-03T09:00:00-05:00",
      "2026-03-03T12:00:00-05:00",
      "2026-03-03T16:00:00-05:00",
    ]);
  });

  it("offers a closed day's wanted time of day on the days around it, not the last slots before it", () => {
    // Sunday 8 March 10:00 is closed. Saturday 17:00 is 17 h away; Monday 10:00 is 24 h away but the same time of day.
    const candidates = slots([
      "2026-03-07T10:00:00-05:00",
      "2026-03-07T16:30:00-05:00",
      "2026-03-07T17:00:00-05:00",
      "2026-03-09T09:30:00-04:00",
      "2026-03-09T10:00:00-04:00",
      "2026-03-10T10:00:00-04:00",
    ]);
    const picked = nearestSlots(candidates, at("2026-03-08T10:00:00-04:00"), 3, NY);
    expect(isoStarts(picked)).toEqual(["2026-03-07T10:00:00-05:00", "2026-03-09T09:30:00-04:00", "2026-03-09T10:00:00-04:00"]);
  });

  it("returns everything it has when asked for more than there are", () => {
    const candidates = slots(["2026-03-03T11:00:00-05:00", "2026-03-03T10:00:00-05:00"]);
    expect(isoStarts(nearestSlots(candidates, at("2026-03-03T10:30:00-05:00"), 5, NY))).toEqual([
      "2026-03-03T10:00:00-05:00",
      "2026-03-03T11:00:00-05:00",
    ]);
  });

  it("returns nothing from nothing, and nothing for a count of 0", () => {
    expect(nearestSlots([], at("2026-03-03T10:30:00-05:00"), 3, NY)).toEqual([]);
    expect(nearestSlots(slots(["2026-03-03T10:00:00-05:00"]), at("2026-03-03T10:30:00-05:00"), 0, NY)).toEqual([]);
  });

  it("does not reorder the list it is given", () => {
    const candidates = slots(["2026-03-03T11:00:00-05:00", "2026-03-03T10:00:00-05:00"]);
    nearestSlots(candidates, at("2026-03-03T10:30:00-05:00"), 1, NY);
    expect(isoStarts(candidates)).toEqual(["2026-03-03T11:00:00-05:00", "2026-03-03T10:00:00-05:00"]);
  });

  it("ranks the two 01:30s of the fall-back night as different instants", () => {
    const candidates = slots(["2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00"]);
    expect(isoStarts(nearestSlots(candidates, at("2026-11-01T01:30:00-05:00"), 1, NY))).toEqual(["2026-11-01T01:30:00-05:00"]);
  });
});

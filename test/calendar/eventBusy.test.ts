import { busyRange } from "../../src/calendar/eventBusy";
import type { CalendarEvent } from "../../src/calendar/googleClient";

const NY = "America/New_York";
const event = (overrides: Partial<CalendarEvent>): CalendarEvent => ({
  id: "e1",
  status: "confirmed",
  transparency: "opaque",
  start: { dateTime: "2026-03-03T12:00:00-05:00" },
  end: { dateTime: "2026-03-03T13:30:00-05:00" },
  selfResponse: null,
  slotlineBookingId: null,
  ...overrides,
});

describe("which calendar events make a staff member busy", () => {
  it("counts a timed event as busy over exactly its time", () => {
    expect(busyRange(event({}), NY)).toEqual({ start: new Date("2026-03-03T17:00:00Z"), end: new Date("2026-03-03T18:30:00Z") });
  });

  it("closes the whole local day for an all-day event, in the business's zone", () => {
    const range = busyRange(event({ start: { date: "2026-03-03" }, end: { date: "2026-03-04" } }), NY);
    expect(range).toEqual({ start: new Date("2026-03-03T05:00:00Z"), end: new Date("2026-03-04T05:00:00Z") });
  });

  it("handles an all-day event across the spring-forward night (23 real hours)", () => {
    const range = busyRange(event({ start: { date: "2026-03-08" }, end: { date: "2026-03-09" } }), NY)!;
    expect(range.end.getTime() - range.start.getTime()).toBe(23 * 3_600_000);
  });

  it.each([
    ["a cancelled event", { status: "cancelled" as const }],
    ["an event marked free (transparent)", { transparency: "transparent" as const }],
    ["an event the owner declined", { selfResponse: "declined" as const }],
    ["an event Slotline wrote for one of its bookings", { slotlineBookingId: "b-123" }],
  ])("ignores %s", (_name, overrides) => {
    expect(busyRange(event(overrides), NY)).toBeUndefined();
  });

  it("counts a tentative answer as busy", () => {
    expect(busyRange(event({ selfResponse: "tentative" }), NY)).toBeDefined();
  });
});

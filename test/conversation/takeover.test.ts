/** The takeover rule the engine follows: the bot is silent while `takenOverUntil` is after now, and only then. */
import { TAKEOVER_MINUTES, isTakenOver, takeoverEndsAt } from "../../src/operations/takeover";

const NOW = new Date("2026-03-02T13:00:00Z");
const at = (minutesFromNow: number) => new Date(NOW.getTime() + minutesFromNow * 60_000);

describe("a takeover", () => {
  it("holds while its end is still ahead, even by a millisecond", () => {
    expect(isTakenOver({ takenOverUntil: at(60) }, NOW)).toBe(true);
    expect(isTakenOver({ takenOverUntil: new Date(NOW.getTime() + 1) }, NOW)).toBe(true);
  });

  it("has lapsed at its end and after it, and is none without one (handed back, or never taken)", () => {
    expect(isTakenOver({ takenOverUntil: NOW }, NOW)).toBe(false);
    expect(isTakenOver({ takenOverUntil: at(-1) }, NOW)).toBe(false);
    expect(isTakenOver({ takenOverUntil: null }, NOW)).toBe(false);
  });

  it("lasts 24 hours from when it is taken or renewed", () => {
    expect(TAKEOVER_MINUTES).toBe(24 * 60);
    expect(takeoverEndsAt(NOW)).toEqual(new Date("2026-03-03T13:00:00Z"));
    expect(isTakenOver({ takenOverUntil: takeoverEndsAt(NOW) }, at(24 * 60 - 1))).toBe(true);
    expect(isTakenOver({ takenOverUntil: takeoverEndsAt(NOW) }, at(24 * 60))).toBe(false);
  });
});

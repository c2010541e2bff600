/**
 * Table-driven tests for the customer-message parser. Each row is a message as a customer might
 * text it, the fields it must produce (checked with toMatchObject, so only the fields that matter
 * are listed) and the fields that must be absent (a time alone must not invent a date, a choice
 * must not become 2 o'clock, …).
 *
 * Fixed clock: 2026-03-05T15:00:00Z = Thursday 5 March 2026, 10:00 in New York. 8 March 2026 is
 * the US spring-forward day.
 */
import { parseMessage } from "../../src/conversation/parser";
import type { ParseContext } from "../../src/conversation/parser/types";
import { AFTERNOON, EVENING, type Expected, type Field, NEW_YORK, PHRASING_GROUPS, type Row, d, range, svc, t } from "./phrasings";

/** it.each hands a test function as many arguments as the row has; give every row all three. */
const full = (rows: Row[]) => rows.map(([message, expected, absent]) => [message, expected, absent ?? []] as const);

function check(message: string, expected: Expected, absent: readonly Field[], ctx: ParseContext = NEW_YORK): void {
  const parsed = parseMessage(message, ctx);
  expect(parsed).toMatchObject(expected);
  for (const field of absent) {
    if (field === "services") expect(parsed.services).toEqual([]);
    else expect(parsed).not.toHaveProperty(field);
  }
}

describe("parseMessage (New York, Thu 5 Mar 2026 10:00)", () => {
  describe.each(PHRASING_GROUPS)("%s", (_group, rows) => {
    it.each(full(rows))("%j", (message, expected, absent) => check(message, expected, absent));
  });
});

/** 03:30 UTC on the 6th is still Thursday the 5th, 22:30, in New York. */
describe("parseMessage when the UTC date is already tomorrow", () => {
  const lateEvening: ParseContext = { ...NEW_YORK, now: new Date("2026-03-06T03:30:00Z") };
  const rows: Row[] = [
    ["today", { date: d(3, 5) }],
    ["tomorrow", { date: d(3, 6) }],
    ["thursday", { date: d(3, 5) }],
    ["friday", { date: d(3, 6) }],
    ["March 5", { date: d(3, 5) }],
    ["tonight", { date: d(3, 5), timeOfDay: EVENING }],
    ["this week", { dateRange: range(d(3, 5), d(3, 8)) }],
    ["at 9", { time: t(9) }, ["date"]],
  ];
  it.each(full(rows))("%j", (message, expected, absent) => check(message, expected, absent, lateEvening));
});

/** The same instant is Friday 6 March, 02:00 in Sydney (daylight time ends Sunday 5 April). */
describe("parseMessage in Australia/Sydney", () => {
  const sydney: ParseContext = { ...NEW_YORK, timezone: "Australia/Sydney" };
  const rows: Row[] = [
    ["today", { date: d(3, 6) }],
    ["tomorrow", { date: d(3, 7) }],
    ["friday", { date: d(3, 6) }],
    ["sunday at 3pm", { date: d(3, 8), time: t(15) }],
    ["monday", { date: d(3, 9) }],
    ["next week", { dateRange: range(d(3, 9), d(3, 15)) }],
    ["this weekend", { dateRange: range(d(3, 7), d(3, 8)) }],
    ["tomorrow arvo", { date: d(3, 7), timeOfDay: AFTERNOON }],
    ["april 5 at 2:30pm", { date: d(4, 5), time: t(14, 30) }],
    ["the 6th", { date: d(3, 6) }],
    ["physio at 3", { services: svc("physio"), time: t(15) }, ["date"]],
  ];
  it.each(full(rows))("%j", (message, expected, absent) => check(message, expected, absent, sydney));
});

describe("service scores", () => {
  const scoreOf = (message: string, id: string) => parseMessage(message, NEW_YORK).services.find((s) => s.id === id)?.score;

  it("scores exact names and aliases 1 and typos lower", () => {
    expect(scoreOf("haircut", "haircut")).toBe(1);
    expect(scoreOf("color", "colour")).toBe(1);
    for (const typo of ["hiarcut", "haircit", "colur treatment", "physiotherapie"]) {
      const score = parseMessage(typo, NEW_YORK).services[0]?.score ?? 0;
      expect(score).toBeGreaterThan(0.5);
      expect(score).toBeLessThan(1);
    }
  });

  it("does not fuzz short words or everyday words", () => {
    expect(parseMessage("cat", NEW_YORK).services).toEqual([]); // "cut" is 3 letters: exact only
    expect(parseMessage("bears", NEW_YORK).services).toEqual([]);
    expect(parseMessage("can I come on a trip", NEW_YORK).services).toEqual([]);
  });

  it("returns every plausible service, best first, so the machine can ask", () => {
    const ctx: ParseContext = {
      ...NEW_YORK,
      services: [
        { id: "m30", name: "Massage 30", aliases: [] },
        { id: "m60", name: "Massage 60", aliases: [] },
      ],
    };
    const ambiguous = parseMessage("massage", ctx).services;
    expect(ambiguous.map((s) => s.id)).toEqual(["m30", "m60"]);
    expect(ambiguous[0]!.score).toBe(ambiguous[1]!.score);
    expect(ambiguous[0]!.score).toBeLessThan(1);
    expect(parseMessage("massage 60", ctx).services).toEqual([{ id: "m60", score: 1 }]);
    expect(parseMessage("a 60 min massage", ctx).services.map((s) => s.id)).toEqual(["m60", "m30"]);
  });
});

describe("purity", () => {
  afterEach(() => jest.useRealTimers());

  it("reads the clock only from the context", () => {
    jest.useFakeTimers({ now: new Date("2031-07-20T12:00:00Z") });
    expect(parseMessage("tomorrow at 3", NEW_YORK)).toMatchObject({ date: d(3, 6), time: t(15) });
  });

  it("returns the trimmed original text", () => {
    expect(parseMessage("  Yes please  ", NEW_YORK).text).toBe("Yes please");
  });
});

/** Numeric dates are read the business's country's way; where it writes both, "3/4" is asked about. */
describe("numeric dates by country (Thu 5 Mar 2026)", () => {
  const at = (timezone: string, dateOrder?: ParseContext["dateOrder"]): ParseContext => ({ ...NEW_YORK, timezone, ...(dateOrder && { dateOrder }) });
  const adelaide = at("Australia/Adelaide");
  const london = at("Europe/London");
  const toronto = at("America/Toronto");
  const utc = at("UTC");

  it.each([
    ["3/4", adelaide, d(4, 3)],
    ["haircut 3/4 at 2pm", adelaide, d(4, 3)],
    ["3/4", london, d(4, 3)],
    ["25/12", london, d(12, 25)],
    ["3/4", NEW_YORK, d(3, 4, 2027)],
    ["12/25", NEW_YORK, d(12, 25)],
    ["3/4", at("America/New_York", "DMY"), d(4, 3)],
    ["13/4", utc, d(4, 13)],
    ["4/4", toronto, d(4, 4)],
  ] as const)("%j in %s", (message, ctx, date) => {
    const parsed = parseMessage(message, ctx);
    expect(parsed.date).toEqual(date);
    expect(parsed).not.toHaveProperty("ambiguousDate");
  });

  it.each([
    ["3/4", toronto],
    ["3/4 at 2pm", utc],
    ["haircut on 5/6", at("Australia/Adelaide", "unknown")],
  ] as const)("asks about %j where both orders are written", (message, ctx) => {
    const parsed = parseMessage(message, ctx);
    expect(parsed).not.toHaveProperty("date");
    expect(parsed.ambiguousDate?.readings).toHaveLength(2);
    expect(parsed.ambiguousDate!.readings[0]).not.toEqual(parsed.ambiguousDate!.readings[1]);
  });

  it("reads both days of an ambiguous date as they would fall: 3/4 is 4 Mar 2027 or 3 Apr 2026", () => {
    expect(parseMessage("3/4", toronto).ambiguousDate).toEqual({ text: "3/4", readings: [d(3, 4, 2027), d(4, 3)] });
  });
});

/** A generic noun of ours ("lessons") under the customer's own word ("piano") is not a match. */
describe("services named only by a generic word", () => {
  const styling: ParseContext = { ...NEW_YORK, services: [{ id: "styling", name: "Styling lessons", aliases: [] }, { id: "haircut", name: "Haircut", aliases: [] }] };

  const pilates: ParseContext = { ...NEW_YORK, services: [{ id: "pilates", name: "Pilates class", aliases: [] }] };
  it.each<[string, ParseContext]>([
    ["I want driving lessons", styling],
    ["do you do piano lessons?", styling],
    ["yoga class tomorrow", pilates],
    ["piano lessons please", NEW_YORK], // "lessons" is an alias of Driving lessons there
  ])("%j asks which service", (message, ctx) => {
    const parsed = parseMessage(message, ctx);
    expect(parsed.services).toEqual([]);
    expect(parsed.serviceUnclear).toBe(true);
  });

  it.each<[string, ParseContext, string]>([
    ["I want lessons", styling, "styling"],
    ["book a lesson tomorrow", styling, "styling"],
    ["3 more lessons", styling, "styling"],
    ["styling lessons", styling, "styling"],
    ["a haircut and driving lessons", styling, "haircut"],
    ["driving lessons", NEW_YORK, "driving"],
    ["2 lessons next week", NEW_YORK, "driving"],
  ])("%j still means the service", (message, ctx, id) => {
    const parsed = parseMessage(message, ctx);
    expect(parsed.services[0]?.id).toBe(id);
    expect(parsed).not.toHaveProperty("serviceUnclear");
  });
});

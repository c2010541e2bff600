/** The catalog's formatting and its shared pieces (src/copy/). Fixed instants, New York time. */
import { en, formatDay, formatDuration, formatPrice, formatWhen, messagesFor, numbered } from "../../src/copy";

const TZ = "America/New_York";

describe("formatting", () => {
  it("writes an instant on the business's wall clock", () => {
    expect(formatWhen("2026-03-03T15:00:00.000Z", TZ)).toBe("Tue 3 Mar, 10:00");
    expect(formatDay({ year: 2026, month: 4, day: 3 }, TZ)).toBe("Fri 3 Apr");
  });

  it("writes prices in their currency and durations in their largest whole unit", () => {
    expect(formatPrice(127500, "USD")).toBe("$1,275.00");
    expect([30, 60, 120, 1440, 90].map(formatDuration)).toEqual(["30 minutes", "1 hour", "2 hours", "1 day", "90 minutes"]);
  });

  it("numbers choices one a line, as the contract reads them", () => {
    expect(numbered(["Haircut", "Beard Trim"])).toBe("1) Haircut\n2) Beard Trim");
  });
});

describe("messagesFor", () => {
  it("answers in English until a second language implements the catalog", () => {
    expect(messagesFor("en")).toBe(en);
    expect(messagesFor("es")).toBe(en);
  });
});

describe("sessionLabel", () => {
  const labels = ["Consultation", "Implant", "Crown"];

  it("names a labelled session with its place in the plan", () => {
    expect(en.sessionLabel({ sessionLabels: labels, totalSessions: 3 }, 1)).toBe("Consultation (session 1 of 3)");
    expect(en.sessionLabel({ sessionLabels: labels, totalSessions: 3 }, 2)).toBe("Implant (session 2 of 3)");
    expect(en.sessionLabel({ sessionLabels: labels, totalSessions: 3 }, 3)).toBe("Crown (session 3 of 3)");
  });

  it("numbers sessions when there are no labels", () => {
    expect(en.sessionLabel({ sessionLabels: null, totalSessions: 3 }, 2)).toBe("session 2 of 3");
    expect(en.sessionLabel({ sessionLabels: [], totalSessions: 3 }, 1)).toBe("session 1 of 3");
  });

  it("numbers a session the label list does not reach", () => {
    expect(en.sessionLabel({ sessionLabels: ["Consultation"], totalSessions: 3 }, 2)).toBe("session 2 of 3");
  });

  it("numbers a session whose label is empty", () => {
    expect(en.sessionLabel({ sessionLabels: ["Consultation", ""], totalSessions: 2 }, 2)).toBe("session 2 of 2");
  });
});

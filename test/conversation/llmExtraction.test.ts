import { extractionSchema, toParsed } from "../../src/conversation/llm/extraction";
import { extraction } from "../fakes/openaiApi";

const services = [
  { id: "s-cut", name: "Haircut", aliases: ["cut", "trim"] },
  { id: "s-col", name: "Colour treatment", aliases: ["color"] },
];
const read = (fields: Parameters<typeof extraction>[0]) => toParsed(extractionSchema.parse(extraction(fields)), services);

describe("a model's extraction in the parser's terms", () => {
  it("names a service by its name or alias, and drops one the business does not have", () => {
    expect(read({ service: "haircut" }).services).toEqual([{ id: "s-cut", score: 1 }]);
    expect(read({ service: "Color" }).services).toEqual([{ id: "s-col", score: 1 }]);
    expect(read({ service: "Beard oil massage" }).services).toEqual([]);
  });

  it("reads a date and a time, or a time range as a part of the day", () => {
    expect(read({ date: "2026-03-04", time: "13:30" })).toEqual(expect.objectContaining({ date: { year: 2026, month: 3, day: 4 }, time: { hour: 13, minute: 30 } }));
    expect(read({ timeRange: { from: "12:00", to: "15:00" } }).timeOfDay).toEqual({ startMinute: 720, endMinute: 900 });
    expect(read({ timeRange: { from: "15:00", to: "12:00" } }).timeOfDay).toBeUndefined();
    expect(read({ date: "2026-02-30" }).date).toBeUndefined();
  });

  it("turns intents into yes/no and commands, and keeps counts and choices", () => {
    expect(read({ intent: "confirm" }).yesNo).toBe("yes");
    expect(read({ intent: "decline" }).yesNo).toBe("no");
    expect(read({ intent: "list_bookings" }).command).toBe("my_bookings");
    expect(read({ intent: "cancel" }).command).toBe("cancel");
    expect(read({ intent: "choose", choice: 2 }).choice).toBe(2);
    expect(read({ count: 3 }).count).toBe(3);
  });

  it("refuses an answer outside the schema", () => {
    expect(extractionSchema.safeParse({ ...extraction({}), intent: "buy" }).success).toBe(false);
    expect(extractionSchema.safeParse({ ...extraction({}), time: "1pm" }).success).toBe(false);
    expect(extractionSchema.safeParse({ ...extraction({}), extra: 1 }).success).toBe(false);
    const { name: _name, ...missing } = extraction({});
    expect(extractionSchema.safeParse(missing).success).toBe(false);
  });
});

import { gsm7Length, isGsm7, smsSegments } from "../../src/channels/smsSegments";

describe("SMS encoding and segments (GSM 03.38)", () => {
  it("takes plain English, digits, $ and £ as GSM-7, one septet each", () => {
    const text = "Booked: Haircut, Tue 3 Mar, 10:00. Pay $45.00 or £40 (yes/no)?";
    expect(isGsm7(text)).toBe(true);
    expect(gsm7Length(text)).toBe(text.length);
  });

  it("takes the accented letters of the default alphabet (é, ñ, Ü) as GSM-7", () => {
    expect(isGsm7("Café Niño Über")).toBe(true);
  });

  it("counts extension-table characters ({ } [ ] ~ ^ | € \\) as two septets", () => {
    expect(isGsm7("{}[]~^|€\\")).toBe(true);
    expect(gsm7Length("{}[]~^|€\\")).toBe(18);
    expect(gsm7Length("€45")).toBe(4);
  });

  it.each([
    ["an em dash", "Session 1 of 3 done — next?"],
    ["an en dash", "Mon–Fri"],
    ["a curly apostrophe", "We’ll confirm"],
    ["curly quotes", "“tomorrow”"],
    ["an ellipsis", "Wait…"],
    ["a bullet", "• Haircut"],
    ["an emoji", "See you then 💇"],
    ["a backtick", "`yes`"],
  ])("turns the whole text into UCS-2 for %s", (_, text) => {
    expect(isGsm7(text)).toBe(false);
    expect(gsm7Length(text)).toBeNaN();
    expect(smsSegments(text).encoding).toBe("UCS-2");
  });

  it("sends 160 GSM-7 septets in one segment and 161 in two", () => {
    expect(smsSegments("a".repeat(160))).toEqual({ encoding: "GSM-7", segments: 1 });
    expect(smsSegments("a".repeat(161))).toEqual({ encoding: "GSM-7", segments: 2 });
    expect(smsSegments("a".repeat(306))).toEqual({ encoding: "GSM-7", segments: 2 });
    expect(smsSegments("a".repeat(307))).toEqual({ encoding: "GSM-7", segments: 3 });
  });

  it("counts € as two septets toward the 160", () => {
    expect(smsSegments(`${"a".repeat(158)}€`)).toEqual({ encoding: "GSM-7", segments: 1 });
    expect(smsSegments(`${"a".repeat(159)}€`)).toEqual({ encoding: "GSM-7", segments: 2 });
  });

  it("never splits an escape sequence across parts", () => {
    // 306 septets both times; in the first, "€" would straddle the end of the first part, so it starts the second.
    expect(smsSegments(`${"a".repeat(152)}€${"a".repeat(152)}`)).toEqual({ encoding: "GSM-7", segments: 3 });
    expect(smsSegments(`${"a".repeat(151)}€${"a".repeat(153)}`)).toEqual({ encoding: "GSM-7", segments: 2 });
  });

  it("sends 70 UCS-2 units in one segment and 67 per part beyond", () => {
    expect(smsSegments(`—${"a".repeat(69)}`)).toEqual({ encoding: "UCS-2", segments: 1 });
    expect(smsSegments(`—${"a".repeat(70)}`)).toEqual({ encoding: "UCS-2", segments: 2 });
    expect(smsSegments(`—${"a".repeat(133)}`)).toEqual({ encoding: "UCS-2", segments: 2 });
    expect(smsSegments(`—${"a".repeat(134)}`)).toEqual({ encoding: "UCS-2", segments: 3 });
  });

  it("costs one em dash a second segment for a text of 71 to 160 characters", () => {
    const text = "Session 1 of 3 done - when would you like session 2 of Hair implant? (e.g. \"next Tuesday at 10\")";
    expect(smsSegments(text)).toEqual({ encoding: "GSM-7", segments: 1 });
    expect(smsSegments(text.replace(" - ", " — "))).toEqual({ encoding: "UCS-2", segments: 2 });
  });

  it("counts an emoji as its two UTF-16 units and never splits it across parts", () => {
    expect(smsSegments(`${"a".repeat(68)}💆`)).toEqual({ encoding: "UCS-2", segments: 1 });
    expect(smsSegments(`${"a".repeat(69)}💆`)).toEqual({ encoding: "UCS-2", segments: 2 });
    // 134 units, two parts' worth, but the emoji would straddle the first part's end.
    expect(smsSegments(`${"a".repeat(66)}💆${"a".repeat(66)}`)).toEqual({ encoding: "UCS-2", segments: 3 });
    expect(smsSegments(`${"a".repeat(65)}💆${"a".repeat(67)}`)).toEqual({ encoding: "UCS-2", segments: 2 });
  });

  it("sends an empty text as one segment", () => {
    expect(smsSegments("")).toEqual({ encoding: "GSM-7", segments: 1 });
  });
});

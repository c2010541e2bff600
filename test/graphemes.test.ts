import { truncateGraphemes } from "../src/graphemes";

const FAMILY = "👨‍👩‍👧‍👦"; // four emoji joined by ZWJ: 11 UTF-16 units, one grapheme
const FLAG = "🇫🇷"; // two regional indicators: 4 units, one grapheme

describe("truncating on whole graphemes", () => {
  it("leaves a text that fits as it is", () => {
    expect(truncateGraphemes("Haircut", 24, "…")).toBe("Haircut");
    expect(truncateGraphemes(`Ritual ${FAMILY}`, 18, "…")).toBe(`Ritual ${FAMILY}`);
  });

  it("cuts before an emoji whose second half would not fit, never inside it", () => {
    const name = "Signature Scalp Ritual💆 Extended Edition";
    const title = truncateGraphemes(name, 24, "…");
    expect(title).toBe("Signature Scalp Ritual…");
    expect(title).not.toMatch(/[\ud800-\udfff](?![\udc00-\udfff])/);
  });

  it("keeps an emoji that fits whole", () => {
    expect(truncateGraphemes("Scalp Ritual💆 Extended Edition", 16, "…")).toBe("Scalp Ritual💆…");
  });

  it("keeps or drops a ZWJ family emoji whole", () => {
    expect(truncateGraphemes(`Family ${FAMILY} day out`, 19, "…")).toBe(`Family ${FAMILY}…`);
    expect(truncateGraphemes(`Family ${FAMILY} day out`, 18, "…")).toBe("Family…");
  });

  it("keeps or drops a flag whole, never one of its regional indicators", () => {
    expect(truncateGraphemes(`Paris ${FLAG} tour`, 11, "…")).toBe(`Paris ${FLAG}…`);
    expect(truncateGraphemes(`Paris ${FLAG} tour`, 10, "…")).toBe("Paris…");
  });

  it("keeps a letter with its combining accent", () => {
    expect(truncateGraphemes("Cafe\u0301 au lait", 5, "…")).toBe("Caf…");
    expect(truncateGraphemes("Cafe\u0301 au lait", 6, "…")).toBe("Cafe\u0301…");
  });

  it("cuts to the limit exactly without an ellipsis", () => {
    expect(truncateGraphemes("a".repeat(600), 500)).toHaveLength(500);
    expect(truncateGraphemes(`${"a".repeat(499)}💆 more`, 500)).toBe("a".repeat(499));
  });
});

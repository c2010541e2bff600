/**
 * Text clean-up shared by every recogniser. SMS arrives with emoji, smart quotes, accents and
 * stray spacing; the recognisers all want one predictable lower-case form.
 */

/** Keycap emoji ("2️⃣") are how some phones send a number from the emoji keyboard. */
const KEYCAP = /([0-9#*])\uFE0F?\u20E3/g;
/** Pictographs, flags, skin tones, joiners: never meaningful to the text recognisers. */
const EMOJI = /[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}\uFE0F\u200D]/gu;

export function normalize(text: string): string {
  return text
    .replace(KEYCAP, " $1 ")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "") // accents: "physiothérapie" should match like "physiotherapie"
    .normalize("NFC")
    .replace(/[\u2018\u2019\u02BC\u0060\u00B4]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(EMOJI, " ")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

export interface Span {
  start: number;
  end: number;
}

/** Fills a named service's place in the text the date reader sees: it shows which sentence names the booking. */
export const SERVICE_MARK = "\u00A7";

/**
 * Blank out spans with spaces (or `fill`) of the same length, so later recognisers cannot reuse text an
 * earlier one has claimed (a promo code's digits are not a time) while positions stay valid.
 */
export function mask(text: string, spans: readonly Span[], fill = " "): string {
  if (spans.length === 0) return text;
  const chars = text.split("");
  for (const { start, end } of spans) {
    for (let i = Math.max(0, start); i < Math.min(end, chars.length); i++) chars[i] = fill;
  }
  return chars.join("");
}

/** Leading and trailing punctuation and spaces removed: "Yes!!" and "yes" are the same answer. */
export function stripEdges(text: string): string {
  return text.replace(/^[^a-z0-9#]+|[^a-z0-9]+$/g, "").replace(/\s+/g, " ");
}

/**
 * Choices ("2", "#2", "option 2", "the second one") and counts ("3 lessons", "book three").
 * A message that is nothing but a number is both: the conversation knows whether it just offered
 * a list or asked "how many". Numbers claimed here are handed back as spans so the date and time
 * recogniser does not read them again as hours or days.
 */
import { findNumericOrdinals } from "./ordinals";
import { stripEdges, type Span } from "./text";

export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
};
export const ORDINAL_WORDS: Readonly<Record<string, number>> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
};
export const NUMBER_WORD_PATTERN = Object.keys(NUMBER_WORDS).join("|");
const ORDINAL_WORD_PATTERN = Object.keys(ORDINAL_WORDS).join("|");
/**
 * A cardinal as people text it: digits (1-99) or a word up to twelve. Never the minutes or hour of
 * a clock time: the 45 of "4:45 beard" is not a count of beard trims.
 */
const N = String.raw`(?<!\d[:.])(\d{1,2}(?![:.]\d)|${NUMBER_WORD_PATTERN})`;

/** "3" or "three" → 3; anything else → undefined. */
export function cardinal(text: string): number | undefined {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  return NUMBER_WORDS[text];
}

/** Things people count when booking; "3 lessons" is a count even without a verb. */
const UNIT = String.raw`(?:lessons?|sessions?|class(?:es)?|appointments?|appts?|bookings?|slots?|visits?|treatments?|spots?|people|persons?|of (?:them|those|these)|more)`;

/** Openers and closers around a bare number: "ok let's do 3 please" is still just "3". */
const LEADING_FILLER = new RegExp(
  String.raw`^(?:(?:ok|okay|yes|yeah|yep|sure|um+|uh+|hmm+|so|and|then|maybe|just|i think|i guess|how about|what about|let'?s do|lets do|let'?s go with|lets go with|i'?ll take|ill take|i'?ll do|i'?ll have|i'?ll go with|i'?d like|id like|i want|i choose|i pick|give me|make it|go with|book|do|take|pick|choose|can i get|can i have|can i book)\b[\s,.!:-]*)+`,
);
const TRAILING_FILLER = /(?:[\s,.!:-]*\b(?:please|pls|plz|thanks|thank you|thx|ty|then|ok|for me|cheers|thankyou))+$/;
const WHOLE_NUMBER = new RegExp(String.raw`^(#\s*)?${N}$`);
const WHOLE_ORDINAL = new RegExp(String.raw`^(?:the\s+)?(${ORDINAL_WORD_PATTERN})(?:\s+(?:one|option|choice))?$`);

const HASH_CHOICE = /#\s*(\d{1,2})\b/;
const LABELLED_CHOICE = new RegExp(
  String.raw`\b(?:option|choice|number|num|no\.|opt|slot)\s*#?\s*${N}\b(?!\s*(?:am|pm|[:.]\d))`,
);
const ORDINAL_WORD_CHOICE = new RegExp(
  String.raw`\b(?:the\s+)?(${ORDINAL_WORD_PATTERN})\s+(?:one|option|choice|opt|slot|time slot)\b|\b(?:take|pick|choose|want|prefer|go with|do|like|book|have)\s+(?:the\s+)?(${ORDINAL_WORD_PATTERN})\b(?!\s+(?:of|week|time|thing|day))|\bthe\s+(${ORDINAL_WORD_PATTERN})\s*$`,
);

const COUNT_WITH_UNIT = new RegExp(String.raw`\b${N}\s+(?:x\s+)?${UNIT}\b`);
/**
 * A verb before the number makes it a quantity ("let's do 3", "book three") unless what follows
 * shows it is a time or a date ("book 3pm", "can you do 3 tomorrow").
 */
const COUNT_AFTER_VERB = new RegExp(
  String.raw`\b(?:let'?s do|lets do|do|book|make it|i'?d like|id like|want|take|need|get|reserve|schedule|buy|purchase|have)\s+${N}\b(?!\s*(?:am\b|pm\b|a\.m|p\.m|o'?clock|[:.]\d|st\b|nd\b|rd\b|th\b|ish|%|/|h\b|hrs?\b|hours?\b|mins?\b|minutes?\b|weeks?\b|days?\b|months?\b|today|tonight|tomorrow|tmrw|on\b|at\b|next\b|this\b|in the\b|morning|afternoon|evening|noon|mon|tue|wed|thu|fri|sat|sun))`,
);

export interface NumberReading {
  choice?: number;
  count?: number;
  /** Text the numbers came from, for masking. */
  spans: Span[];
}

function spanOf(m: RegExpExecArray): Span {
  return { start: m.index, end: m.index + m[0].length };
}

/** The number a match captured, from whichever group of the pattern matched. */
function captured(m: RegExpExecArray): number | undefined {
  for (const group of m.slice(1)) {
    if (group === undefined) continue;
    const value = cardinal(group) ?? ORDINAL_WORDS[group];
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * `text` is the normalized message with the promo code blanked out; `serviceSpans` are where
 * services were named, so "3 haircuts" counts three.
 */
export function readNumbers(text: string, serviceSpans: readonly Span[]): NumberReading {
  const spans: Span[] = [];
  const reading: NumberReading = { spans };

  let core = stripEdges(text);
  core = stripEdges(core.replace(LEADING_FILLER, "").replace(TRAILING_FILLER, ""));
  const whole = WHOLE_NUMBER.exec(core);
  if (whole) {
    const value = cardinal(whole[2]!);
    if (value !== undefined && value >= 1) {
      reading.choice = value;
      if (!whole[1]) reading.count = value; // "#2" points at a list; it is not a quantity
      spans.push({ start: 0, end: text.length });
      return reading;
    }
  }
  const wholeOrdinal = WHOLE_ORDINAL.exec(core);
  if (wholeOrdinal) {
    reading.choice = ORDINAL_WORDS[wholeOrdinal[1]!];
    spans.push({ start: 0, end: text.length });
    return reading;
  }

  for (const pattern of [HASH_CHOICE, LABELLED_CHOICE, ORDINAL_WORD_CHOICE]) {
    const m = pattern.exec(text);
    const value = m ? captured(m) : undefined;
    if (m && value !== undefined && value >= 1) {
      reading.choice = value;
      spans.push(spanOf(m));
      break;
    }
  }
  if (reading.choice === undefined) {
    const ordinal = findNumericOrdinals(text).find((o) => o.asChoice);
    if (ordinal) {
      reading.choice = ordinal.value;
      if (!ordinal.asDate) spans.push(ordinal.span);
    }
  }

  const unit = COUNT_WITH_UNIT.exec(text) ?? countBeforeService(text, serviceSpans);
  const counted = unit ?? COUNT_AFTER_VERB.exec(text);
  const value = counted ? captured(counted) : undefined;
  if (counted && value !== undefined && value >= 1) {
    reading.count = value;
    spans.push(spanOf(counted));
  }
  return reading;
}

/** "3 haircuts", "two colour treatments": a number right before a named service. */
function countBeforeService(text: string, serviceSpans: readonly Span[]): RegExpExecArray | null {
  const pattern = new RegExp(String.raw`\b${N}\s+(?:x\s+)?(?:more\s+)?`, "g");
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const end = m.index + m[0].length;
    if (serviceSpans.some((s) => s.start === end)) return m;
  }
  return null;
}

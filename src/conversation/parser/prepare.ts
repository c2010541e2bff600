/**
 * Rewrites the message into the English chrono reads best, and notes hedges ("around 3",
 * "3ish") on the way. Chrono does not know SMS spellings ("tmrw"), number words in times
 * ("at three"), or "around 3" (it reads only "at 3").
 */
import { NUMBER_WORDS, NUMBER_WORD_PATTERN } from "./numbers";

export interface Prepared {
  text: string;
  /** A hedge word sat right before a time ("around 3", "3ish", "noonish"). */
  hedged: boolean;
}

const SPELLINGS: [RegExp, string][] = [
  [/\b(?:tmrw|tmrow|tmr|tmw|tmoz|tomoz|tomo|2moro|2morrow|2mrw|tomorow|tommorow|tommorrow|tomorrw|tomorro|tomrrow|tomoorow)\b/g, "tomorrow"],
  [/\b(?:2day|tday|tdy)\b/g, "today"],
  [/\b(?:2nite|2night|tonite)\b/g, "tonight"],
  [/\bnxt\b/g, "next"],
  [/\btues?\b\.?/g, "tuesday"],
  [/\bweds\b\.?/g, "wednesday"],
  [/\bthur\b\.?/g, "thursday"],
  [/\barvo\b/g, "afternoon"],
  [/\bb4\b/g, "before"],
  [/@/g, " at "],
  // "the day after tomorrow" is a casual phrase chrono does not know.
  [/\b(?:the )?day after (?:tomorrow|tmrw)\b/g, "in 2 days"],
  [/\b(?:a )?fortnight\b/g, "2 weeks"],
  // "5 days from now", "2 weeks from today": chrono reads the count and "today" apart.
  [/\b(\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten) (days?|weeks?|months?) from (?:today|now)\b/g, "in $1 $2"],
  // "friday, today I'm busy": chrono would merge the two days into one reading; kept apart here.
  [/,\s*(?=(?:today|tonight|right now|now)\b)/g, " | "],
];

const NUM = `(\\d{1,2}|${NUMBER_WORD_PATTERN})`;
const toDigits = (word: string) => String(NUMBER_WORDS[word] ?? word);

/** Words after a number that make it a quantity, a price or a length rather than a clock time. */
const NOT_A_CLOCK = String.raw`%|\$|€|£|x\b|days?\b|weeks?\b|months?\b|years?\b|hours?\b|hrs?\b|h\b|mins?\b|minutes?\b|people\b|persons?\b|sessions?\b|lessons?\b|dollars?\b|pounds?\b|euros?\b|bucks?\b|off\b|price\b|an?\b|of\b|the\b`;
const TIME_CUE = String.raw`at|@|by|from|after|before|until|till|around|about|between|and|to`;

/** Clock phrases: "half past 3" → "3:30", "quarter to 4" → "3:45". */
const CLOCK_PHRASES: [RegExp, (m: string[]) => string][] = [
  [new RegExp(`\\bhalf (?:past|after) ${NUM}\\b`, "g"), (m) => `${toDigits(m[1]!)}:30`],
  [new RegExp(`\\bquarter (?:past|after) ${NUM}\\b`, "g"), (m) => `${toDigits(m[1]!)}:15`],
  [new RegExp(`\\bquarter (?:to|til|till|before) ${NUM}\\b`, "g"), (m) => {
    const hour = Number(toDigits(m[1]!));
    return `${hour === 1 ? 12 : hour - 1}:45`;
  }],
  // "three thirty", "at four fifteen"
  [new RegExp(`\\b(${NUMBER_WORD_PATTERN}) (thirty|fifteen|forty[- ]five|o'?clock)\\b`, "g"), (m) => {
    const minutes: Record<string, string> = { thirty: ":30", fifteen: ":15", "forty five": ":45", "forty-five": ":45" };
    return `${toDigits(m[1]!)}${minutes[m[2]!] ?? " o'clock"}`;
  }],
  // Number words next to a time cue: "at three", "three pm".
  [new RegExp(`\\b(at|around|about|by|from|to|until|till|after|before|between|and) (${NUMBER_WORD_PATTERN})\\b`, "g"), (m) => `${m[1]} ${toDigits(m[2]!)}`],
  [new RegExp(`\\b(${NUMBER_WORD_PATTERN}) ?(am|pm|a\\.m\\.|p\\.m\\.|ish)\\b`, "g"), (m) => `${toDigits(m[1]!)}${m[2]}`],
  // "after 5": chrono needs a cue that a bare number is a clock time.
  [/\b(after|before|from|by|until|till|not before|not after) (\d{1,2})(?![\d/:.]|\s*(?:am|pm|a\.m|p\.m|o'?clock|st\b|nd\b|rd\b|th\b|ish|to\b|and\b|days?|weeks?|months?|hours?|hrs?|mins?|minutes?|lessons?|sessions?|people))/g, (m) => `${m[1]} ${m[2]} o'clock`],
  [/\bbetween (\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?) and (\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?)/g, (m) => `from ${m[1]} to ${m[2]}`],  // British "half 3" is half past three (not "half of three"), unless a noun says otherwise.
  [new RegExp(`\\bhalf ${NUM}\\b(?![:.]\\d|\\s*(?:${NOT_A_CLOCK}))`, "g"), (m) => `${toDigits(m[1]!)}:30`],
];

/**
 * Clock times written the 24-hour way or with a dot, which chrono does not read:
 *   "1430", "0930", "at 2000", "1430h", "1430 hrs" → 14:30 …   (a bare 19xx/20xx is a year unless "at" says otherwise)
 *   "14.30", "9.30am", "at 10.15"                    → 14:30, 9:30am, 10:15   (not "$14.30")
 *   "930am", "at 930", "friday 930"                  → 9:30
 */
const CLOCK_STYLES: [RegExp, (m: string[]) => string][] = [
  [new RegExp(String.raw`(?<![\d:./$€£,-])\b(?:(${TIME_CUE}) )?([01]\d|2[0-3])([0-5]\d)(?: ?(h|hrs|hours|am|pm))?\b(?![\d:/%]|\.\d)`, "g"), (m) => {
    const [whole, cue, hh, mm, suffix] = m;
    const year = /^(?:19|20)\d\d$/.test(`${hh}${mm}`);
    if (year && !cue && !suffix) return whole!;
    const ampm = suffix === "am" || suffix === "pm" ? suffix : "";
    return `${cue ? `${cue} ` : ""}${hh}:${mm}${ampm}`;
  }],
  [new RegExp(String.raw`(?<![\d:./$€£,-])\b([01]?\d|2[0-3])\.([0-5]\d)\b(?![\d.]|\s*(?:${NOT_A_CLOCK}))`, "g"), (m) => `${m[1]}:${m[2]}`],
  [new RegExp(String.raw`(?<![\d:./$€£,-])\b(?:(${TIME_CUE}) )?([1-9])([0-5]\d) ?(am|pm)?\b(?![\d:/%.]|\s*(?:${NOT_A_CLOCK}))`, "g"), (m) => {
    const [whole, cue, h, mm, ampm] = m;
    return cue || ampm ? `${cue ? `${cue} ` : ""}${h}:${mm}${ampm ?? ""}` : whole!;
  }],
  [/\b((?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|today|tonight) ([1-9])([0-5]\d)\b(?![\d:/%.])/g, (m) => `${m[1]} at ${m[2]}:${m[3]}`],
];

const HEDGE_BEFORE = /\b(?:at\s+)?(?:around|about|approx\.?|approximately|roughly|circa|round about|somewhere around|ish)\s+(?=\d|noon|midday|lunch)/g;
const HEDGE_AFTER_NUMBER = /\b(?:at\s+)?(\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?)\s*-?\s*ish\b/g;
const HEDGE_AFTER_WORD = /\b(noon|midday|lunch ?time|lunch)\s*-?\s*ish\b/g;
const HEDGE_OR_SO = /\s+(?:or so|give or take|more or less)\b/g;

export function prepareForChrono(normalized: string): Prepared {
  let text = normalized;
  for (const [pattern, replacement] of SPELLINGS) text = text.replace(pattern, replacement);
  for (const [pattern, replace] of [...CLOCK_STYLES, ...CLOCK_PHRASES]) text = text.replace(pattern, (...m: string[]) => replace(m));
  let hedged = false;
  const hedge = (pattern: RegExp, replacement: string) => {
    text = text.replace(pattern, (...m: string[]) => {
      hedged = true;
      return replacement.replace("$1", m[1] ?? "");
    });
  };
  hedge(HEDGE_BEFORE, "at ");
  hedge(HEDGE_AFTER_NUMBER, "at $1");
  hedge(HEDGE_AFTER_WORD, "$1");
  hedge(HEDGE_OR_SO, "");
  return { text: text.replace(/\s+/g, " "), hedged };
}

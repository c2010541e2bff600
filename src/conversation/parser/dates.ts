/**
 * Dates and times: chrono-node does the reading; this module decides what the reading means for a
 * booking. Chrono is given the business zone as a fixed UTC offset at `now` (its reference takes
 * IANA names only for a few abbreviations), and only its wall-clock components are used, so the
 * DST rule of the target day never matters: "sunday at 3pm" is 15:00 on the wall either way.
 *
 * Chrono's own forward-dating compares instants at noon and so flips "thursday" or "March 5" to
 * next week/year depending on the hour the message arrives; days are therefore resolved here
 * against today's calendar date instead.
 */
import type * as chrono from "chrono-node";
// English only: the package's index loads every locale it has (~130 ms at start against ~30).
import * as en from "chrono-node/en";
import {
  compareDates,
  nextDayOfMonth,
  nextMonthDay,
  nextWeekday,
  offsetMinutesAt,
  minuteOfDayIn,
  addDays,
  todayIn,
  isValidDate,
} from "./calendar";
import { findDayPart, type Window } from "./dayparts";
import { findNumericOrdinals } from "./ordinals";
import { prepareForChrono } from "./prepare";
import { findDateRange } from "./ranges";
import { SERVICE_MARK, mask, type Span } from "./text";
import type { DateOrder } from "../../booking/country";
import type { LocalDate, LocalTime } from "./types";

export interface WhenReading {
  date?: LocalDate;
  ambiguousDate?: AmbiguousDate;
  dateRange?: { from: LocalDate; to: LocalDate };
  time?: LocalTime;
  approximate?: boolean;
  timeOfDay?: { startMinute: number; endMinute: number };
}

interface DateCandidate {
  date: LocalDate;
  /** A bare weekday ("friday") gives way to an explicit day of the month in the same message. */
  weekdayOnly: boolean;
  /** "friday" with no "this"/"next": said on a Friday after the hour named, it means next Friday. */
  bareWeekday?: boolean;
  /** "now", "today": chatter as often as a request ("for a while now"), so any other day named wins. */
  casual?: boolean;
  /** The chrono result it came from, to know whether it carries the time asked for ("Friday at 2pm"). */
  result?: chrono.ParsedResult;
  span: Span;
}

/** A numeric date such as "3/4" that reads as two different days, in a country that writes both orders. */
export interface AmbiguousDate {
  text: string;
  readings: [monthFirst: LocalDate, dayFirst: LocalDate];
}

/** Hours people say without am/pm: 1-7 are afternoon/evening appointments, 8-11 morning ones. */
const LAST_IMPLIED_PM_HOUR = 7;

/**
 * The 24h hour for a clock hour said without am/pm, steered by a day part when one was named
 * ("tonight at 8" is 20:00, "7 in the morning" stays 7:00).
 */
export function impliedHour(hour: number, dayPart: Window | undefined): number {
  if (hour < 1 || hour > 11) return hour;
  if (dayPart) {
    const pm = hour + 12;
    if (pm * 60 >= dayPart.startMinute && pm * 60 < dayPart.endMinute) return pm;
    if (hour * 60 >= dayPart.startMinute && hour * 60 < dayPart.endMinute) return hour;
  }
  return hour <= LAST_IMPLIED_PM_HOUR ? hour + 12 : hour;
}

function timeFrom(
  components: chrono.ParsedComponents,
  sourceText: string,
  dayPart: Window | undefined,
): LocalTime | undefined {
  if (!components.isCertain("hour")) return undefined;
  const raw = components.get("hour") ?? 0;
  const minute = components.get("minute") ?? 0;
  // A leading zero ("07:30") is a 24-hour clock: take it as written.
  const hour =
    components.isCertain("meridiem") || raw > 12 || /\b0\d[:.]\d{2}/.test(sourceText) ? raw : impliedHour(raw, dayPart);
  return { hour, minute };
}

function dateFrom(result: chrono.ParsedResult, today: LocalDate): DateCandidate | undefined {
  const c = result.start;
  const span = { start: result.index, end: result.index + result.text.length };
  if (c.isCertain("day")) {
    const month = c.get("month");
    const day = c.get("day");
    const year = c.get("year");
    if (month === null || day === null || year === null) return undefined;
    if (c.isCertain("year")) {
      const date = { year, month, day };
      return isValidDate(date) ? { date, weekdayOnly: false, span } : undefined;
    }
    const date = nextMonthDay(today, month, day);
    return date ? { date, weekdayOnly: false, span } : undefined;
  }
  if (c.isCertain("weekday")) {
    const weekday = c.get("weekday");
    if (weekday === null) return undefined;
    // "next tuesday" / "this friday": chrono knows the idioms; only guard against the past.
    if (/^(?:next|this|coming|this coming|the following)\b/.test(result.text)) {
      const chronoDate = { year: c.get("year") ?? today.year, month: c.get("month") ?? today.month, day: c.get("day") ?? today.day };
      let date = chronoDate;
      while (compareDates(date, today) < 0) date = addDays(date, 7);
      if (/^next\b/.test(result.text) && compareDates(date, today) === 0) date = addDays(date, 7);
      return { date, weekdayOnly: true, span };
    }
    if (/^(?:last|past|previous)\b/.test(result.text)) return undefined; // bookings are never in the past
    return { date: nextWeekday(today, weekday), weekdayOnly: true, bareWeekday: true, span };
  }
  return undefined;
}

/**
 * Chrono for the business's way with numeric dates: month first ("3/4" = 4 March) in the US, day
 * first elsewhere. Where the order is unknown, the month-first reading is taken and compared below.
 */
function chronoFor(order: DateOrder): chrono.Chrono {
  return order === "DMY" ? en.GB : en.casual;
}

/** "3/4" read both ways, when they name different days; only for a country that writes both. */
function ambiguity(result: chrono.ParsedResult, working: string, ref: chrono.ParsingReference, today: LocalDate): AmbiguousDate | undefined {
  if (!result.tags().has("parser/SlashDateFormatParser")) return undefined;
  const other = en.GB.parse(working.slice(result.index, result.index + result.text.length), ref, { forwardDate: true })[0];
  const a = dateFrom(result, today);
  const b = other && dateFrom(other, today);
  if (!a || !b || compareDates(a.date, b.date) === 0) return undefined;
  const text = /^[\d/.-]+/.exec(result.text)?.[0] ?? result.text;
  return { text, readings: [a.date, b.date] };
}

/** Characters between a day and a time that are still one phrase: "friday the 13th at 2". */
const PHRASE_GAP = 12;

/** The day belongs to the time: chrono read them together, or they sit side by side in one sentence. */
function saidWith(candidate: DateCandidate, time: chrono.ParsedResult, working: string): boolean {
  if (candidate.result === time) return true;
  const timeEnd = time.index + time.text.length;
  const gap = Math.max(candidate.span.start - timeEnd, time.index - candidate.span.end);
  return gap <= PHRASE_GAP && sentenceOf(working, candidate.span.start) === sentenceOf(working, time.index);
}

/** Sentences, so that a day said in the sentence naming the service outranks one said in passing. */
function sentenceOf(text: string, at: number): number {
  return (text.slice(0, at).match(/(?<!\d)[.!?;\n]+(?!\d)/g) ?? []).length;
}

/**
 * Chrono reads any duration as an offset from now ("30 minutes" → now + 30 min, "a second"); in
 * SMS those are mostly lengths ("30 minute massage") or chatter ("give me a second"). Only
 * "in 3 days", "2 weeks from now", "3 weeks' time" ask for a day, and never seconds or minutes.
 */
function isRequestedOffset(result: chrono.ParsedResult): boolean {
  if (!result.tags().has("result/relativeDate")) return true;
  if (/\b(?:sec|secs|second|seconds|min|mins|minute|minutes|moment)\b/.test(result.text)) return false;
  return /^(?:in|within)\b|\b(?:from now|from today|later|time)$/.test(result.text);
}

/** "tomorrow 3", "3 tomorrow": a bare hour next to a date is a time. */
function adjacentHour(text: string, span: Span): { hour: number; minute: number; source: string } | undefined {
  const after = /^\s*,?\s*(\d{1,2})(?:[:.](\d{2}))?(?![\d/:.]|\s*(?:st|nd|rd|th)\b)/.exec(text.slice(span.end));
  const before = /(?:^|[^\d/:.])(\d{1,2})(?:[:.](\d{2}))?\s*,?\s*$/.exec(text.slice(0, span.start));
  const m = after ?? before;
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  if (hour < 1 || hour > 12 || minute > 59) return undefined;
  return { hour, minute, source: m[0] };
}

function minuteOf(time: LocalTime): number {
  return time.hour * 60 + time.minute;
}

const FROM_WORDS = "after|from|anytime after|any time after|later than|not before";
const UNTIL_WORDS = "before|by|no later than|not after|until|till";
const CLOCK_START = String.raw`\s+(?:\d|noon|midday|midnight)`;
const FROM_BEFORE = new RegExp(String.raw`\b(?:${FROM_WORDS})\s*$`);
const FROM_INSIDE = new RegExp(String.raw`\b(?:${FROM_WORDS})${CLOCK_START}`);
const UNTIL_BEFORE = new RegExp(String.raw`\b(?:${UNTIL_WORDS})\s*$`);
const UNTIL_INSIDE = new RegExp(String.raw`\b(?:${UNTIL_WORDS})${CLOCK_START}`);

/** Windows from "after 5", "before noon", "from 2 to 4". */
function windowAround(text: string, result: chrono.ParsedResult, start: LocalTime, dayPart: Window | undefined): Window | undefined {
  if (result.end && result.end.isCertain("hour")) {
    const end = timeFrom(result.end, result.text, dayPart);
    if (end) {
      let endMinute = minuteOf(end);
      // "from 11 to 1": the end is after the start, so 1 is 13:00.
      if (endMinute <= minuteOf(start) && endMinute + 12 * 60 <= 24 * 60) endMinute += 12 * 60;
      if (endMinute > minuteOf(start)) return { startMinute: minuteOf(start), endMinute };
    }
  }
  // "stop by at 3": an explicit "at" is a time, whatever word came before it.
  if (/^at\b/.test(result.text)) return undefined;
  // The preposition may sit just before chrono's match ("after 5pm") or inside it ("from 2
  // o'clock", "friday before noon").
  const before = text.slice(0, result.index);
  if (FROM_BEFORE.test(before) || FROM_INSIDE.test(result.text)) return { startMinute: minuteOf(start), endMinute: 24 * 60 };
  if (UNTIL_BEFORE.test(before) || UNTIL_INSIDE.test(result.text)) return { startMinute: 0, endMinute: minuteOf(start) };
  return undefined;
}

/**
 * `text` is the normalized message with promo code and claimed numbers blanked out, and named
 * services filled with SERVICE_MARK. `dateOrder` says how numeric dates are read ("unknown":
 * a "3/4" that could be either day is returned as `ambiguousDate`, not guessed).
 */
export function readWhen(text: string, now: Date, timezone: string, dateOrder: DateOrder = "MDY"): WhenReading {
  const reading: WhenReading = {};
  const today = todayIn(now, timezone);
  const prepared = prepareForChrono(text);
  let working = prepared.text;

  const range = findDateRange(working, today);
  if (range) {
    reading.dateRange = { from: range.from, to: range.to };
    working = mask(working, [range.span]);
  }

  const dayPart = findDayPart(working);

  const candidates: DateCandidate[] = [];
  for (const ordinal of findNumericOrdinals(working)) {
    if (!ordinal.asDate) continue;
    const date = nextDayOfMonth(today, ordinal.value);
    if (date) candidates.push({ date, weekdayOnly: false, span: ordinal.span });
  }
  working = mask(working, candidates.map((c) => c.span));

  const ref = { instant: now, timezone: offsetMinutesAt(now, timezone) };
  const results = chronoFor(dateOrder).parse(working, ref, { forwardDate: true });
  let window: Window | undefined;
  let timeResult: chrono.ParsedResult | undefined;
  for (const result of results) {
    // "not friday, saturday": a date that is being ruled out is not the request.
    if (/\bnot\s+(?:on\s+)?$/.test(working.slice(0, result.index))) continue;
    if (!isRequestedOffset(result)) continue;
    // "now" is a request for the soonest slot today, not for this exact minute.
    const isNow = result.tags().has("casualReference/now") || /^(?:right )?now$/.test(result.text);
    const unclear = dateOrder === "unknown" ? ambiguity(result, working, ref, today) : undefined;
    if (unclear) reading.ambiguousDate ??= unclear;
    const candidate = unclear ? undefined : dateFrom(result, today);
    if (candidate) candidates.push({ ...candidate, result, casual: isNow || /^(?:today|tonight)$/.test(result.text) });
    if (reading.time === undefined && window === undefined && !isNow) {
      const time = timeFrom(result.start, result.text, dayPart?.window);
      if (time) {
        timeResult = result;
        const around = windowAround(working, result, time, dayPart?.window);
        if (around) window = around;
        else reading.time = time;
      }
    }
  }

  const chosen = chooseDay(candidates, today, working, timeResult);
  if (chosen) {
    reading.date = chosen.date;
    if (reading.time === undefined && window === undefined) {
      const adjacent = adjacentHour(working, chosen.span);
      if (adjacent) {
        const hour = /\b0\d/.test(adjacent.source) ? adjacent.hour : impliedHour(adjacent.hour, dayPart?.window);
        reading.time = { hour, minute: adjacent.minute };
      }
    }
    // "beard trim monday at 6am", sent on a Monday at 7:30: that Monday's 6am is gone, so the next one.
    const until = reading.time ? minuteOf(reading.time) : (window ?? dayPart?.window)?.endMinute;
    if (chosen.bareWeekday && compareDates(chosen.date, today) === 0 && until !== undefined && until <= minuteOfDayIn(now, timezone)) {
      reading.date = addDays(chosen.date, 7);
    }
  } else if (dayPart?.today) {
    reading.date = today;
  }

  if (window) reading.timeOfDay = window;
  else if (dayPart && reading.time === undefined) reading.timeOfDay = { ...dayPart.window };
  if (prepared.hedged && (reading.time !== undefined || reading.timeOfDay !== undefined)) reading.approximate = true;
  return reading;
}

/**
 * Which named day the booking is for. Bookings are never in the past: "yesterday" names no day to
 * book. Of the rest, in this order: the day said with the time ("Friday at 2pm"); any day over
 * "now" and "today" said in passing ("I've waited a while now", "I was meant to go today");
 * a day in the sentence that names the service; an explicit date over a bare weekday beside it ("monday the 9th", "fri 13th": the
 * number is the precise part); then the first said.
 */
function chooseDay(candidates: DateCandidate[], today: LocalDate, working: string, timeResult: chrono.ParsedResult | undefined): DateCandidate | undefined {
  const serviceAt = working.indexOf(SERVICE_MARK);
  const serviceSentence = serviceAt < 0 ? undefined : sentenceOf(working, serviceAt);
  const rank = (c: DateCandidate) => [
    timeResult !== undefined && saidWith(c, timeResult, working) ? 0 : 1,
    c.casual ? 1 : 0,
    serviceSentence === undefined || sentenceOf(working, c.span.start) === serviceSentence ? 0 : 1,
    c.weekdayOnly ? 1 : 0,
    c.span.start,
  ];
  const upcoming = candidates.filter((c) => compareDates(c.date, today) >= 0);
  const byRank = (a: DateCandidate, b: DateCandidate) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
    return 0;
  };
  return upcoming.sort(byRank)[0];
}

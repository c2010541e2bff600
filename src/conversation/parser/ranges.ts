/**
 * Spans of days: "next week", "this week", "this weekend". Chrono would pin these to a single day,
 * so they are read here first and blanked out of the text chrono sees.
 */
import { addDays, weekdayOf } from "./calendar";
import type { Span } from "./text";
import type { LocalDate } from "./types";

export interface DateRange {
  from: LocalDate;
  to: LocalDate;
  span: Span;
}

/** Days from `date` back to its Monday (weeks run Monday–Sunday). */
function daysSinceMonday(date: LocalDate): number {
  return (weekdayOf(date) + 6) % 7;
}

const RANGES: { pattern: RegExp; range: (today: LocalDate) => { from: LocalDate; to: LocalDate } }[] = [
  {
    pattern: /\b(?:next|the following) weekend\b/,
    range: (today) => {
      const nextMonday = addDays(today, 7 - daysSinceMonday(today));
      return { from: addDays(nextMonday, 5), to: addDays(nextMonday, 6) };
    },
  },
  {
    // A weekend that has started is "this weekend" until it ends: Saturday → Sat–Sun, Sunday → Sunday.
    pattern: /\b(?:this|the|this coming|coming|over the|on the|at the)? ?weekend\b/,
    range: (today) => {
      const wd = weekdayOf(today);
      if (wd === 0) return { from: today, to: today };
      const saturday = addDays(today, 6 - wd);
      return { from: saturday, to: addDays(saturday, 1) };
    },
  },
  {
    pattern: /\b(?:next|the following|the coming|coming) week\b/,
    range: (today) => {
      const nextMonday = addDays(today, 7 - daysSinceMonday(today));
      return { from: nextMonday, to: addDays(nextMonday, 6) };
    },
  },
  {
    pattern: /\b(?:this|later this|rest of (?:the|this)|sometime this|anytime this|any time this) week\b/,
    range: (today) => ({ from: today, to: addDays(today, 6 - daysSinceMonday(today)) }),
  },
];

export function findDateRange(text: string, today: LocalDate): DateRange | undefined {
  for (const { pattern, range } of RANGES) {
    const m = pattern.exec(text);
    if (m) return { ...range(today), span: { start: m.index, end: m.index + m[0].length } };
  }
  return undefined;
}

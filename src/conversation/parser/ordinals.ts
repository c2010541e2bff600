/**
 * Numeric ordinals ("2nd", "the 14th") are either a pick from an offered list or a day of the
 * month. This module makes that call once, so the choice and date recognisers never disagree.
 *
 *   "the 2nd one", "2nd option"         → choice
 *   "2nd", "2nd please"                 → choice (no article: list-picking shorthand)
 *   "on the 14th", "the 14th", "fri 13th", "the 2nd at 3pm" → date
 *   "the 2nd" (nothing more to go on)   → both; the conversation knows whether it offered a list
 *   "2nd of May", "May 2nd"             → neither here: chrono reads those as full dates
 */
import type { Span } from "./text";

export interface NumericOrdinal {
  value: number;
  span: Span;
  asChoice: boolean;
  asDate: boolean;
}

/** Choices beyond ten are not offered over SMS; a larger ordinal is a day of the month. */
export const MAX_CHOICE = 10;

const ORDINAL = /\b(?:(on|for|by)\s+)?(?:(the)\s+)?(\d{1,2})(?:st|nd|rd|th)\b/g;
const MONTH = String.raw`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?`;
const WEEKDAY = String.raw`(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)[a-z]*`;

const CHOICE_NOUN_AFTER = /^\s+(?:one|option|choice|opt|slot|time slot|on the list)\b/;
const MONTH_AFTER = new RegExp(String.raw`^\s*(?:of\s+)?${MONTH}(?![a-z])`);
const MONTH_BEFORE = new RegExp(String.raw`\b${MONTH}\s*$`);
const WEEKDAY_BEFORE = new RegExp(String.raw`\b${WEEKDAY},?\s*$`);
const TIME_AFTER = /^\s*(?:at\b|@|around\b|about\b|\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)\b|in the (?:morning|afternoon|evening)|morning|afternoon|evening|arvo|night|noon|midday|lunch)/;

export function findNumericOrdinals(text: string): NumericOrdinal[] {
  const found: NumericOrdinal[] = [];
  for (const m of text.matchAll(ORDINAL)) {
    const value = Number(m[3]);
    if (value < 1 || value > 31) continue;
    const span = { start: m.index, end: m.index + m[0].length };
    const before = text.slice(0, span.start);
    const after = text.slice(span.end);
    const hasOn = m[1] !== undefined;
    const hasThe = m[2] !== undefined;
    let asChoice = false;
    let asDate = false;
    if (CHOICE_NOUN_AFTER.test(after)) asChoice = true;
    else if (MONTH_AFTER.test(after) || MONTH_BEFORE.test(before)) continue;
    else if (hasOn || WEEKDAY_BEFORE.test(before) || TIME_AFTER.test(after) || value > MAX_CHOICE) asDate = true;
    else if (hasThe) asChoice = asDate = true;
    else asChoice = true;
    found.push({ value, span, asChoice: asChoice && value <= MAX_CHOICE, asDate });
  }
  return found;
}

/**
 * Parts of the day: "morning", "afternoon", "evening", "lunchtime". These are windows, not times;
 * "tuesday afternoon" asks for any slot between 12:00 and 17:00.
 */

export interface Window {
  startMinute: number;
  endMinute: number;
}

export const MORNING: Window = { startMinute: 8 * 60, endMinute: 12 * 60 };
export const AFTERNOON: Window = { startMinute: 12 * 60, endMinute: 17 * 60 };
export const EVENING: Window = { startMinute: 17 * 60, endMinute: 21 * 60 };
export const LUNCHTIME: Window = { startMinute: 11 * 60 + 30, endMinute: 13 * 60 + 30 };

export interface DayPart {
  window: Window;
  /** "this morning", "tonight": the window is today's. */
  today: boolean;
}

const PARTS: { pattern: RegExp; window: Window; today?: RegExp }[] = [
  { pattern: /\b(?:lunch ?time|lunch|over lunch)\b/, window: LUNCHTIME, today: /\bthis lunch ?time\b|\btoday at lunch\b/ },
  { pattern: /\b(?:mornings?|a\.?m\.? sometime)\b/, window: MORNING, today: /\bthis morning\b/ },
  { pattern: /\b(?:afternoons?|arvo)\b/, window: AFTERNOON, today: /\bthis (?:afternoon|arvo)\b/ },
  { pattern: /\b(?:evenings?|tonight|tonite|after work)\b/, window: EVENING, today: /\bthis evening\b|\btonight\b|\btonite\b/ },
];

/** Greetings use the same words and ask for nothing. */
const GREETING = /\bgood (?:morning|afternoon|evening)\b/g;

export function findDayPart(text: string): DayPart | undefined {
  const cleaned = text.replace(GREETING, " ");
  for (const part of PARTS) {
    if (part.pattern.test(cleaned)) return { window: part.window, today: part.today?.test(cleaned) ?? false };
  }
  return undefined;
}

/** Durations as people read them (hours, days) while the API keeps minutes; the API's range messages put back in those units. */

export interface Unit {
  name: string;
  minutes: number;
}

export const MINUTES: Unit = { name: "minutes", minutes: 1 };
export const HOURS: Unit = { name: "hours", minutes: 60 };
export const DAYS: Unit = { name: "days", minutes: 1440 };
export const DURATION_UNITS = [MINUTES, HOURS, DAYS];

/** The largest unit the value is a whole number of (hours for zero). */
export function unitFor(minutes: number): Unit {
  if (minutes === 0) return HOURS;
  return [DAYS, HOURS].find((u) => minutes % u.minutes === 0) ?? MINUTES;
}

function trimmed(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/**
 * An API message about a number, in the words and unit the person typed it in: zod's
 * "Too big: expected number to be <=86400" for a field shown in days reads "must be at most 60 days".
 */
export function humanMessage(message: string, unit?: Unit): string {
  // Text: "Too small: expected string to have >=1 characters" reads "must not be empty".
  const length = /expected string to have (<=|>=|<|>)\s*(\d+) characters/.exec(message);
  if (length) {
    if (length[1]!.startsWith("<")) return `must be at most ${length[2]} characters`;
    return length[2] === "1" ? "must not be empty" : `must be at least ${length[2]} characters`;
  }
  const bound = /(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)/.exec(message);
  if (bound) {
    const value = Number(bound[2]) / (unit?.minutes ?? 1);
    const limit = unit ? `${trimmed(value)} ${unit.name}` : trimmed(value);
    return bound[1]!.startsWith("<") ? `must be at most ${limit}` : `must be at least ${limit}`;
  }
  if (/expected int/.test(message)) return "must be a whole number";
  if (/expected number/.test(message)) return "must be a number";
  return message;
}

const REMINDER_UNITS: Record<string, number> = { m: 1, min: 1, mins: 1, minute: 1, minutes: 1, h: 60, hr: 60, hrs: 60, hour: 60, hours: 60, d: 1440, day: 1440, days: 1440 };

/** "1d, 1h" from [1440, 60]. */
export function formatOffsets(minutes: number[]): string {
  return minutes.map((m) => (m % 1440 === 0 ? `${m / 1440}d` : m % 60 === 0 ? `${m / 60}h` : `${m}m`)).join(", ");
}

/** [1440, 90] from "1d, 1.5h"; a string naming the first thing not understood. */
export function parseOffsets(text: string): number[] | string {
  const parts = text.split(/[,;]+/).map((p) => p.trim()).filter(Boolean);
  const out: number[] = [];
  for (const part of parts) {
    const m = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(part);
    const factor = m && REMINDER_UNITS[m[2]!.toLowerCase()];
    if (!m || !factor) return `“${part}” is not a time before the appointment such as 1d, 2h or 30m`;
    out.push(Math.round(Number(m[1]) * factor));
  }
  return out;
}

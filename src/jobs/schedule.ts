/** When a reminder goes out: pure, in the business's zone. */
import { DateTime } from "luxon";
import { MINUTE_MS } from "../booking/time";

/** No message goes out between 21:00 and 08:00 local time. */
export const QUIET_START_HOUR = 21;
export const QUIET_END_HOUR = 8;

export function isQuietHour(instant: Date, timezone: string): boolean {
  const hour = DateTime.fromJSDate(instant, { zone: timezone }).hour;
  return hour >= QUIET_START_HOUR || hour < QUIET_END_HOUR;
}

/**
 * The instant a reminder `offsetMinutes` before `start` is due. One that would fall in quiet hours
 * is sent earlier instead: just before the quiet hours begin, the evening before.
 */
export function reminderDueAt(start: Date, offsetMinutes: number, timezone: string): Date {
  const due = new Date(start.getTime() - offsetMinutes * MINUTE_MS);
  if (!isQuietHour(due, timezone)) return due;
  let local = DateTime.fromJSDate(due, { zone: timezone });
  // Before 08:00 the quiet period began the previous evening.
  if (local.hour < QUIET_END_HOUR) local = local.minus({ days: 1 });
  return local.set({ hour: QUIET_START_HOUR, minute: 0, second: 0, millisecond: 0 }).minus({ minutes: 1 }).toJSDate();
}

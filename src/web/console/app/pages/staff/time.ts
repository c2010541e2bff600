/** Wall-clock times in the business's zone, both ways: the API speaks ISO instants with the business's offset. */

/** Monday first, as a week reads; the numbers are the API's (0 = Sunday). */
export const WEEK: { weekday: number; name: string }[] = [
  { weekday: 1, name: "Monday" },
  { weekday: 2, name: "Tuesday" },
  { weekday: 3, name: "Wednesday" },
  { weekday: 4, name: "Thursday" },
  { weekday: 5, name: "Friday" },
  { weekday: 6, name: "Saturday" },
  { weekday: 0, name: "Sunday" },
];

const pad = (n: number) => String(n).padStart(2, "0");

/** Minutes east of UTC in `timezone` at the instant `utcMs`. */
function offsetAt(utcMs: number, timezone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: timezone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" }).formatToParts(new Date(utcMs));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Math.round((Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute")) - utcMs) / 60_000);
}

/** "2026-03-03T09:00" on the business's clock → "2026-03-03T09:00:00-05:00"; "" when it is not a date and time. */
export function zonedIso(local: string, timezone: string): string {
  const wall = Date.parse(`${local}:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) || Number.isNaN(wall)) return "";
  // The offset at the wall time read as UTC is at most a DST change away from the right one: look again from there.
  const offset = offsetAt(wall - offsetAt(wall, timezone) * 60_000, timezone);
  const abs = Math.abs(offset);
  return `${local}:00${offset < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "Tue 3 Mar, 10:00" from "2026-03-03T10:00:00-05:00" (the local parts are read off the string). */
export function dayAndTime(iso: string): string {
  const day = new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" });
  return `${day}, ${iso.slice(11, 16)}`;
}

/** "Tue 3 Mar, 09:00 – 17:00", or with both days when it spans several. */
export function span(start: string, end: string): string {
  return start.slice(0, 10) === end.slice(0, 10) ? `${dayAndTime(start)} – ${end.slice(11, 16)}` : `${dayAndTime(start)} – ${dayAndTime(end)}`;
}

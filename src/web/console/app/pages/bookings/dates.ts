/** Dates in the business's zone for the booking pages; the API's ISO strings with an offset carry their local parts. */

const DAY_FORMAT = { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" } as const;

/** "Tue 3 Mar, 10:00" from "2026-03-03T10:00:00-05:00" (the local date and time it names). */
export function dayAndTime(iso: string): string {
  return `${new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString("en-GB", DAY_FORMAT)}, ${iso.slice(11, 16)}`;
}

/** "Tue 3 Mar, 10:00" in `timezone` for any instant (e.g. a UTC ISO string). */
export function dayAndTimeIn(iso: string, timezone: string): string {
  const at = new Date(iso);
  const day = at.toLocaleDateString("en-GB", { ...DAY_FORMAT, timeZone: timezone });
  const time = at.toLocaleTimeString("en-GB", { timeZone: timezone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return `${day}, ${time}`;
}

/** The zone's offset at an instant, "-05:00". */
function offsetAt(instant: Date, timezone: string): string {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: timezone, timeZoneName: "longOffset" }).formatToParts(instant).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  return name === "GMT" ? "+00:00" : name.slice(3);
}

/** The local midnight starting `date` (YYYY-MM-DD) in `timezone`, as ISO with its offset (what /admin/bookings' from/to take). */
export function startOfDay(date: string, timezone: string): string {
  const first = offsetAt(new Date(`${date}T00:00:00Z`), timezone);
  const second = offsetAt(new Date(`${date}T00:00:00${first}`), timezone);
  return `${date}T00:00:00${second}`;
}

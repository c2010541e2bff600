/** Dates, times and money as the console shows them. Times arrive in the business's zone, so the local parts are read straight off the ISO string. */

export function money(cents: number, currency: string): string {
  return new Intl.NumberFormat("en", { style: "currency", currency }).format(cents / 100);
}

/** "10:00" from "2026-03-03T10:00:00-05:00". */
export function clockTime(iso: string): string {
  return iso.slice(11, 16);
}

/** Minutes since local midnight. */
export function minuteOfDay(iso: string): number {
  return Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));
}

/** Today's date (YYYY-MM-DD) in the business's time zone. */
export function todayIn(timezone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function longDate(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString("en", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" });
}

export const STATUS_NAMES: Record<string, string> = {
  held: "Held",
  pending_payment: "Awaiting payment",
  pending_approval: "Awaiting approval",
  confirmed: "Confirmed",
  completed: "Completed",
  cancelled: "Cancelled",
  no_show: "No-show",
  expired: "Expired",
};

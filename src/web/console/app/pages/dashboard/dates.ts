/** The dashboard's dates: local YYYY-MM-DD strings, shown as "Mon 2 Mar". */

export function shortDate(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" });
}

/** "2 Feb – 3 Mar 2026". */
export function periodName(from: string, to: string): string {
  const day = (d: string, withYear: boolean) =>
    new Date(`${d}T12:00:00Z`).toLocaleDateString("en-GB", { timeZone: "UTC", day: "numeric", month: "short", ...(withYear && { year: "numeric" }) });
  return `${day(from, from.slice(0, 4) !== to.slice(0, 4))} – ${day(to, true)}`;
}

export function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}

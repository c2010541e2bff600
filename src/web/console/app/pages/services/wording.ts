/** How the Services page puts plans, sessions and field errors into words. */
import type { ApiError } from "../../api";
import type { MultiSession, SessionBooking, Strategy } from "./types";

export const STRATEGIES: { value: Strategy; name: string; explained: string }[] = [
  { value: "immediate", name: "All at once", explained: "Every session is booked together with the first, each a set number of days after the one before." },
  { value: "sequential", name: "One after another", explained: "The customer books one session at a time: invited to book the next once the previous is completed." },
  { value: "flexible", name: "Whenever the customer likes", explained: "The customer books sessions when they like, one or several at a time, keeping a minimum gap." },
];

const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;

function list(items: string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** "3 sessions booked together, 14 and 31 days apart". */
export function planSummary(plan: MultiSession | null): string {
  if (!plan) return "Single session";
  const n = `${plan.totalSessions} sessions`;
  const minGap = plan.minGapDays ? `, at least ${days(plan.minGapDays)} apart` : "";
  if (plan.strategy === "immediate") {
    const gaps = plan.gapDays?.length ? `, ${list(plan.gapDays.map(String))} days apart` : minGap;
    return `${n} booked together${gaps}`;
  }
  if (plan.strategy === "sequential") return `${n}, booked one after another as each is completed${minGap}`;
  return `${n}, booked whenever the customer likes${minGap}`;
}

export function bookingRule(booking: SessionBooking): string {
  switch (booking.kind) {
    case "first":
      return "The customer picks this time.";
    case "with_first":
      return "Booked together with session 1.";
    case "after_previous_completed":
      return `Invited to book once session ${booking.afterSession} is completed${booking.minGapDays ? `, at least ${days(booking.minGapDays)} after it` : ""}.`;
    case "any_time":
      return `Booked whenever the customer likes${booking.minGapDays ? `, at least ${days(booking.minGapDays)} from the sessions either side` : ""}.`;
  }
}

/** "Mon 16 Mar 2026, 10:00–10:45" from two ISO times in the business's zone (read straight off the strings). */
export function sessionTime(start: string, end: string): string {
  const day = new Date(`${start.slice(0, 10)}T12:00:00Z`);
  const part = (options: Intl.DateTimeFormatOptions) => day.toLocaleDateString("en", { timeZone: "UTC", ...options });
  return `${part({ weekday: "short" })} ${day.getUTCDate()} ${part({ month: "short" })} ${day.getUTCFullYear()}, ${start.slice(11, 16)}–${end.slice(11, 16)}`;
}

/** The server's message for exactly this field. */
export function errorAt(error: ApiError | undefined, field: string): string | undefined {
  return error?.errors.find((e) => e.field === field)?.message;
}

/** The server's messages for a field or any part of it ("aliases.2"), joined. */
export function errorUnder(error: ApiError | undefined, field: string): string | undefined {
  const found = error?.errors.filter((e) => e.field === field || e.field.startsWith(`${field}.`)) ?? [];
  return found.length ? found.map((e) => e.message).join("; ") : undefined;
}

/** The Notifications page's wording: what each kind is called, who it is about, and when, in the business's zone. */
import type { NotificationKind, StaffNotification } from "./types";

export const KIND_NAMES: Record<NotificationKind, string> = {
  running_late: "Running late",
  on_the_way: "On the way",
  arrived: "Arrived",
  cannot_make_it: "Can't make it",
  wants_person: "Asked for a person",
  unanswered_question: "Question for the team",
  new_booking: "New booking",
  pending_approval: "To approve",
  cancelled: "Cancelled",
};

/** Kinds a customer sent that want someone to act (shown with a stronger tag). */
export const NEEDS_SOMEONE: ReadonlySet<NotificationKind> = new Set(["running_late", "arrived", "cannot_make_it", "wants_person", "unanswered_question", "pending_approval"]);

/** "Mon 2 Mar, 08:01" in `timezone`, from a UTC instant. */
export function zonedWhen(iso: string, timezone: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("weekday")} ${part("day")} ${part("month")}, ${part("hour")}:${part("minute")}`;
}

export function customerName(c: NonNullable<StaffNotification["customer"]>): string {
  return c.name ?? c.phone;
}

/** "2 unread", "No unread notifications"; the server lists at most 200. */
export function unreadWords(count: number, capped = false): string {
  if (count === 0) return "No unread notifications";
  return `${capped ? `${count}+` : count} unread`;
}

export const EMPTY = "No notifications yet. Customers telling the team they are late, on their way, here or unable to come, asking for a person, questions the bot could not answer, and new, pending and cancelled bookings appear here.";
export const MARK_READ = "Mark read";

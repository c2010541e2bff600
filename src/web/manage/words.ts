/**
 * The words of the manage page, in one place (the texts customers receive stay in src/copy). Dates
 * are written on the business's wall clock, with its zone named once per page.
 */
import { DateTime } from "luxon";
import { formatPrice } from "../../copy/format";

export const STATUS_WORDS: Record<string, string> = {
  held: "Held for you",
  pending_payment: "Awaiting payment",
  pending_approval: "Awaiting approval",
  confirmed: "Confirmed",
  completed: "Completed",
  no_show: "Missed",
  cancelled: "Cancelled",
  expired: "Expired",
};

/** Why the customer can no longer change a booking themselves. */
export const UNCHANGEABLE_WORDS: Record<string, string> = {
  cancelled: "This booking is cancelled, so there is nothing left to change.",
  expired: "This booking lapsed before it was confirmed, so there is nothing left to change.",
  completed: "This booking has taken place, so it can no longer be changed.",
  no_show: "This booking's time has passed, so it can no longer be changed.",
  started: "This booking's time has come, so it can no longer be changed here. Please contact the business.",
};

export function paymentWords(paymentStatus: string, priceCents: number, currency: string): string {
  if (priceCents === 0 && paymentStatus === "none") return "Free";
  switch (paymentStatus) {
    case "pending":
      return "Awaiting payment: use the payment link in our text";
    case "paid":
      return "Paid";
    case "refunded":
      return "Refunded";
    case "partially_refunded":
      return "Partly refunded";
    case "package":
      return "Paid with your pass";
    default:
      return `Pay ${formatPrice(priceCents, currency)} at the appointment`;
  }
}

/** "Tuesday 3 March 2026, 10:00–10:30". */
export function whenWords(start: Date, end: Date, timezone: string): string {
  const from = DateTime.fromJSDate(start, { zone: timezone });
  const to = DateTime.fromJSDate(end, { zone: timezone });
  return `${from.toFormat("cccc d LLLL yyyy, HH:mm")}–${to.toFormat("HH:mm")}`;
}

/** "Tuesday 3 March 2026". */
export function dayWords(iso: string, timezone: string): string {
  return DateTime.fromISO(iso, { zone: timezone }).toFormat("cccc d LLLL yyyy");
}

/** "10:00". */
export function clockWords(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).toFormat("HH:mm");
}

/**
 * "New York time (America/New_York)": the zone every time on the page is in. No abbreviation
 * (EST/EDT): a plan's sessions may fall on both sides of a clock change.
 */
export function zoneWords(timezone: string): string {
  const city = timezone.split("/").pop()!.replace(/_/g, " ");
  return `${city} time (${timezone})`;
}

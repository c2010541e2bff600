/**
 * The words of the manage page, in one place (the texts customers receive stay in src/copy). Dates
 * are written on the business's wall clock, with its zone named once per page.
 */
import { formatPrice } from "../../copy/format";

export { clockWords, dayWords, whenWords, zoneWords } from "../shared/timeWords";

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

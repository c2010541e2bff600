/**
 * Reading the bot's words (src/copy/en.ts) the way a customer does: what was booked, held, paid or
 * cancelled, and what the bot is asking for. A time is written "Tue 10 Mar, 14:00" in the
 * business's zone; it is read back as the instant the database holds.
 */
import { DateTime } from "luxon";

export const TIMEZONE = "America/New_York";
const WHEN = String.raw`(\w{3} \d{1,2} \w{3}, \d{2}:\d{2})`;

/** A booking as the bot names it: "Haircut, Tue 10 Mar, 14:00". */
export interface Named {
  service: string;
  /** As written, "Tue 10 Mar, 14:00". */
  when: string;
  start: Date;
}

const BOOKED = new RegExp(String.raw`^Booked: (.+?), ${WHEN}\.`, "m");
const PAID_BOOKED = new RegExp(String.raw`You're booked: (.+?), ${WHEN}\.`, "m");
const HELD = new RegExp(String.raw`^Held for you for \d+ minutes: (.+?), ${WHEN}\.`, "m");
const CANCELLED = new RegExp(String.raw`^Cancelled: (.+?), ${WHEN}\.`, "m");
const LISTED = new RegExp(String.raw`^- (.+?), ${WHEN}( - awaiting payment| - awaiting approval)?$`, "gm");
const NUMBERED = /^(\d+)\) (.+)$/gm;

/** "Booked: …" in a conversation's answer. */
export const bookedIn = (text: string) => named(BOOKED.exec(text));
/** "Payment received. You're booked: …", sent once the payment's event was applied. */
export const paidBookedIn = (text: string) => named(PAID_BOOKED.exec(text));
export const heldIn = (text: string) => named(HELD.exec(text));
export const cancelledIn = (text: string) => named(CANCELLED.exec(text));

/** The Checkout session behind a payment link on a line of its own (`<fake stripe>/pay/<id>`). */
export function paymentSessionIn(text: string, stripeUrl: string): string | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${stripeUrl}/pay/`));
  return line === undefined ? undefined : decodeURIComponent(line.slice(`${stripeUrl}/pay/`.length).trim());
}

/** "Your upcoming bookings:" as a list; undefined when the text is not that answer. */
export function bookingsListIn(text: string): (Named & { awaitingPayment: boolean })[] | undefined {
  if (/You have no upcoming bookings/.test(text)) return [];
  if (!/^Your upcoming bookings:/m.test(text)) return undefined;
  return [...text.matchAll(LISTED)].flatMap((m) => {
    const found = named(m);
    return found ? [{ ...found, awaitingPayment: m[3] === " - awaiting payment" }] : [];
  });
}

/** The numbered choices offered ("1) Haircut", "2) Tue 10 Mar, 14:00"). */
export function choicesIn(text: string): { number: number; label: string }[] {
  return [...text.matchAll(NUMBERED)].map((m) => ({ number: Number(m[1]), label: m[2]!.trim() }));
}

/** What the bot is asking for, in the order the customer should check (the first that fits). */
export type Asked =
  | "confirm_booking"
  | "confirm_cancel"
  | "which_booking"
  | "cancel_not_now"
  | "pick_time"
  | "pick_service"
  | "date_and_time"
  | "what_to_book"
  | "try_again_later"
  | "nothing_understood";

const ASKS: [Asked, RegExp][] = [
  ["confirm_cancel", /^Cancel .+\(yes\/no\)$|Please reply "yes" to cancel it/m],
  ["which_booking", /Which booking would you like to (cancel|move)\?/],
  ["cancel_not_now", /your refund could not be started just now/],
  ["confirm_booking", /\? \(yes\/no\)$|Please reply "yes" to book it/m],
  ["pick_time", /Nearest free times:|Free times:|Reply with its number, or tell me another day/],
  ["pick_service", /Which one do you mean\?|Reply with a number:/],
  ["date_and_time", /what day and time would you like|Which other day|Which day and time would suit|What other day or time|Please write the month/],
  ["what_to_book", /What would you like to book\?|Reply any time to book again|Reply with a service to book one|Reply to book again/],
  ["try_again_later", /payment page could not be opened just now|something went wrong on our side|Please try again/],
];

export function askedIn(text: string): Asked {
  return ASKS.find(([, pattern]) => pattern.test(text))?.[0] ?? "nothing_understood";
}

function named(match: RegExpExecArray | RegExpMatchArray | null): Named | undefined {
  if (!match) return undefined;
  const start = instantOf(match[2]!);
  return start ? { service: match[1]!, when: match[2]!, start } : undefined;
}

/**
 * "Tue 10 Mar, 14:00" in the business's zone: the year is the one that puts it nearest to now
 * (the bot only names times within its booking window, months at most either way).
 */
export function instantOf(when: string): Date | undefined {
  const now = DateTime.now().setZone(TIMEZONE);
  const candidates = [now.year - 1, now.year, now.year + 1]
    .map((year) => DateTime.fromFormat(`${when} ${year}`, "ccc d LLL, HH:mm yyyy", { zone: TIMEZONE }))
    .filter((d) => d.isValid);
  const nearest = candidates.sort((a, b) => Math.abs(a.diff(now).toMillis()) - Math.abs(b.diff(now).toMillis()))[0];
  return nearest?.toJSDate();
}

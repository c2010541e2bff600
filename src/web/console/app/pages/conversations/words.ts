/** The Conversations page's wording: the bot's states, who said what, and when. */
import { clockTime } from "../../format";
import type { ConversationSummary, ThreadMessage } from "./types";

const STATES: Record<string, string> = {
  initial: "Waiting for a request",
  choosing_service: "Asking which service",
  service_selected: "Asking for a day and time",
  date_selected: "Offering free times",
  time_selected: "Waiting for a yes to book",
  confirmed: "Booking",
  completed: "Done, ready for the next request",
  cancelling: "Cancelling a booking",
  rescheduling: "Moving a booking",
  showing_bookings: "Listing bookings",
};

/** The bot's state in words ("time_selected" → "Waiting for a yes to book"). */
export function stateInWords(state: string): string {
  return STATES[state] ?? state.replace(/_/g, " ");
}

export const CHANNEL_NAMES: Record<ConversationSummary["channel"], string> = { sms: "SMS", whatsapp: "WhatsApp" };

/** "Tue 3 Mar, 08:00", read off the ISO string (already in the business's zone). */
export function shortWhen(iso: string): string {
  const day = new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" });
  return `${day}, ${clockTime(iso)}`;
}

/** The list's flag on a thread whose customer asked for a person. */
export const PERSON_REQUESTED = "Asked for a person";

/** The open thread's note while its customer waits for a person. */
export function personRequestedNote(name: string, iso: string): string {
  return `${name} asked to talk to a person (${shortWhen(iso)}). Take over to reply to them by hand.`;
}

export function customerName(c: ConversationSummary["customer"]): string {
  return c.name ?? c.phone;
}

/** Who a message is from: the customer, the bot, or the staff member who wrote it by hand. */
export function author(message: ThreadMessage, customer: ConversationSummary["customer"]): { who: string; kind: "customer" | "bot" | "staff" } {
  if (message.direction === "in") return { who: customerName(customer), kind: "customer" };
  if (message.sentBy) return { who: message.sentBy.name, kind: "staff" };
  return { who: "Bot", kind: "bot" };
}

/** Outbound statuses worth a word beside the bubble (sent and logged need none). */
export const STATUS_NOTES: Record<string, string> = {
  queued: "Sending…",
  sending: "Sending…",
  retrying: "Not sent yet, retrying",
  failed: "Failed to send",
  suppressed: "Not sent: opted out",
  not_sent: "Not sent",
  delivered: "Delivered",
  undelivered: "Not delivered",
  read: "Read",
};

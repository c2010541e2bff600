/** A booking's status history and audit trail, in words: who did what, when, and why. */
import type { HistoryEvent } from "./types";
import { dayAndTime, dayAndTimeIn } from "./dates";

const VERBS: Record<HistoryEvent["kind"], string> = {
  created: "Booked",
  confirmed: "Confirmed",
  approved: "Approved",
  rejected: "Rejected",
  cancelled: "Cancelled",
  completed: "Completed",
  no_show: "Marked as a no-show",
  expired: "Expired",
  revived: "Confirmed after its hold lapsed",
  rescheduled: "Moved",
};

/** Machine-readable reasons, in words; null where the sentence already says it. Anything else is a person's own words. */
const REASONS: Record<string, string | null> = {
  customer: null,
  business: null,
  rejected: null,
  hold_expired: null,
  approval_expired: "nobody approved it in time",
  payment_expired: "the payment link lapsed unpaid",
  paid_too_late: "paid after the hold lapsed; refunded",
};

/** How the customer acted, as the history records it (actor.name). */
const CHANNELS: Record<string, string> = { sms: "by text", whatsapp: "on WhatsApp", web: "on the booking page" };

function who(actor: HistoryEvent["actor"]): string {
  if (actor.kind === "customer") return `by the customer${actor.name && actor.name in CHANNELS ? ` (${CHANNELS[actor.name]})` : ""}`;
  if (actor.kind === "user") return `by ${actor.name ?? "a console user"}`;
  if (actor.kind === "api") return `through the API (${actor.name ?? "a key"})`;
  return `(${actor.name ?? "automatically"})`;
}

export function describeEvent(e: HistoryEvent, timezone: string): string {
  const move = e.kind === "rescheduled" && e.detail.previousStart && e.detail.start ? ` from ${dayAndTimeIn(e.detail.previousStart, timezone)} to ${dayAndTimeIn(e.detail.start, timezone)}` : "";
  const reasonText = e.detail.reason === undefined ? null : e.detail.reason in REASONS ? REASONS[e.detail.reason] : e.detail.reason;
  const why = e.detail.note ?? reasonText;
  return `${VERBS[e.kind]}${move} ${who(e.actor)}${why ? ` · reason: ${why}` : ""}`;
}

export function History(props: { events: HistoryEvent[] | undefined; timezone: string }) {
  if (!props.events) return <p aria-busy="true">Loading the history…</p>;
  if (props.events.length === 0) return <p>Nothing recorded yet.</p>;
  return (
    <ol class="history">
      {props.events.map((e, i) => (
        <li key={i}>
          <time dateTime={e.at}>{dayAndTime(e.at)}</time> <span>{describeEvent(e, props.timezone)}</span>
        </li>
      ))}
    </ol>
  );
}

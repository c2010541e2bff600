/** The emails about a booking, in words: which notice, to whom, when, and whether it went; a refused address shows the server's reply. */
import type { BookingEmail } from "./types";
import { dayAndTimeIn } from "./dates";

/** Which notice each email is (its `kind`); the business's own copies say so. */
const KINDS: Record<string, string> = {
  confirmed: "Confirmation",
  requested: "Request received",
  rejected: "Not accepted",
  rescheduled: "Moved",
  cancelled: "Cancellation",
  expired: "Lapsed",
  reminder: "Reminder",
  feedback: "Feedback request",
  staffNewBooking: "Staff: new booking",
  staffPendingApproval: "Staff: to approve",
  staffCancelled: "Staff: cancelled",
};

const STATUSES: Record<BookingEmail["status"], string> = {
  queued: "Waiting to be sent",
  sending: "Sending…",
  retrying: "Waiting to retry",
  sent: "Sent",
  logged: "Printed to the log (no SMTP server set)",
  failed: "Failed",
  suppressed: "Not sent (unsubscribed, or no longer needed)",
};

function kindInWords(kind: string | null): string {
  return kind === null ? "Email" : (KINDS[kind] ?? kind);
}

function statusInWords(email: BookingEmail): string {
  const words = STATUSES[email.status] ?? email.status;
  return email.status === "retrying" && email.errorCode ? `${words} · last reply: ${email.errorCode}` : words;
}

export function Emails(props: { emails: BookingEmail[] | undefined; timezone: string }) {
  if (!props.emails) return <p aria-busy="true">Loading the emails…</p>;
  if (props.emails.length === 0) return <p>No emails about this booking.</p>;
  return (
    <ol class="emails">
      {props.emails.map((e) => (
        <li key={e.id} class={e.status === "failed" ? "failed" : undefined}>
          <time dateTime={e.createdAt}>{dayAndTimeIn(e.createdAt, props.timezone)}</time>
          <span class="kind">{kindInWords(e.kind)}</span> <span class="to">to {e.to}</span>
          <span class="state">{statusInWords(e)}</span>
          {e.status === "failed" && e.errorCode && <strong class="refused">Not delivered: {e.errorCode}</strong>}
        </li>
      ))}
    </ol>
  );
}

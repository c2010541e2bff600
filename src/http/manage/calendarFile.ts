/**
 * The booking as an iCalendar file (RFC 5545), by the same builder as the emails' invitations: one
 * VEVENT per live session, UID `<bookingId>@<host>` (stable, so importing the file again updates the
 * event rather than adding one), SEQUENCE the booking's reschedule count, times in UTC, no METHOD
 * (a file to add, not a scheduling message).
 */
import { LIVE_STATUSES } from "../../booking/lifecycle";
import type { CustomerBooking } from "../../operations/customerBooking";
import { bookingInvite } from "../../channels/email/bookingInvite";

/** Not yet confirmed: held, awaiting payment or approval. */
const UNCONFIRMED: readonly string[] = ["held", "pending_payment", "pending_approval"];

export function calendarFile(managed: CustomerBooking, o: { manageUrl: string; host: string; now: Date }): string | undefined {
  const { business, service, sessions } = managed;
  const live = sessions.filter((s) => LIVE_STATUSES.includes(s.status));
  if (live.length === 0) return undefined;
  return bookingInvite({
    sessions: live.map((s) => ({ bookingId: s.id, start: s.startAt, end: s.endAt, sequence: s.rescheduleCount, tentative: UNCONFIRMED.includes(s.status) })),
    summary: `${service.name} · ${business.name}`,
    location: business.address ?? null,
    description: `See, move or cancel your booking: ${o.manageUrl}`,
    url: o.manageUrl,
    host: o.host,
    now: o.now,
  });
}

/**
 * The booking as an iCalendar file (RFC 5545), made with ical-generator: one VEVENT per live
 * session, UID `<bookingId>@<host>` (stable, and the one the emails' invitations use, so importing
 * the file again updates the event rather than adding one), SEQUENCE the booking's reschedule count, times in UTC, no METHOD (a file to
 * add, not a scheduling message).
 */
import ical, { ICalEventStatus } from "ical-generator";
import { LIVE_STATUSES } from "../../booking/lifecycle";
import type { CustomerBooking } from "../../operations/customerBooking";
import { eventUid } from "../../channels/email/bookingInvite";

/** Not yet confirmed: held, awaiting payment or approval. */
const UNCONFIRMED: readonly string[] = ["held", "pending_payment", "pending_approval"];

export function calendarFile(managed: CustomerBooking, o: { manageUrl: string; host: string; now: Date }): string | undefined {
  const { business, service, sessions } = managed;
  const live = sessions.filter((s) => LIVE_STATUSES.includes(s.status));
  if (live.length === 0) return undefined;
  const calendar = ical({ prodId: { company: "Slotline", product: "Booking", language: "EN" } });
  for (const s of live) {
    calendar.createEvent({
      id: eventUid(s.id, o.host),
      sequence: s.rescheduleCount,
      stamp: o.now,
      start: s.startAt,
      end: s.endAt,
      summary: `${service.name} · ${business.name}`,
      ...(business.address && { location: business.address }),
      description: `See, move or cancel your booking: ${o.manageUrl}`,
      url: o.manageUrl,
      status: UNCONFIRMED.includes(s.status) ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}

/**
 * A booking as iCalendar (RFC 5545), built with ical-generator: for the manage page's download a
 * plain file (no METHOD), and for email a calendar part as iTIP scheduling messages (RFC 5546):
 * METHOD:REQUEST adds or updates the event (§3.2.2), METHOD:CANCEL removes it
 * (§3.2.5, with STATUS:CANCELLED). The business is the ORGANIZER and the customer the ATTENDEE; the
 * UID is the booking's own, the one the manage page's download uses too, so a mail app that added
 * the event from either updates that same entry; SEQUENCE grows with each change (RFC 5545 §3.8.7.4),
 * so an older message never overrides a newer one.
 */
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from "ical-generator";

/** One session: a VEVENT of its own. Instants are UTC. */
export interface InviteSession {
  bookingId: string;
  start: Date;
  end: Date;
  sequence: number;
  /** Not confirmed yet (held, awaiting payment or approval): STATUS:TENTATIVE. */
  tentative?: boolean;
}

export interface BookingInvite {
  /** Unset: a plain file to add (the manage page's download), no scheduling message, no people. */
  method?: "REQUEST" | "CANCEL";
  sessions: InviteSession[];
  summary: string;
  location: string | null;
  description: string;
  url: string | null;
  organizer?: { name: string; email: string };
  attendee?: { name: string | null; email: string };
  /** Host part of UIDs (the deployment's public host). */
  host: string;
  /** DTSTAMP: when this message was made. */
  now: Date;
}

/** The UID of a booking's event, shared by the emails and the manage page's calendar file. */
export function eventUid(bookingId: string, host: string): string {
  return `${bookingId}@${host}`;
}

export function bookingInvite(invite: BookingInvite): string {
  const calendar = ical({
    prodId: { company: "Slotline", product: "Booking", language: "EN" },
    ...(invite.method && { method: invite.method === "REQUEST" ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL }),
  });
  for (const session of invite.sessions) {
    calendar.createEvent({
      id: eventUid(session.bookingId, invite.host),
      sequence: session.sequence,
      stamp: invite.now,
      start: session.start,
      end: session.end,
      summary: invite.summary,
      ...(invite.location && { location: invite.location }),
      description: invite.description,
      ...(invite.url && { url: invite.url }),
      ...(invite.organizer && { organizer: { name: invite.organizer.name, email: invite.organizer.email } }),
      ...(invite.attendee && {
        attendees: [
          {
            email: invite.attendee.email,
            ...(invite.attendee.name && { name: invite.attendee.name }),
            role: ICalAttendeeRole.REQ,
            // The customer asked for this time: nothing to answer, so mail apps show no accept/decline.
            status: ICalAttendeeStatus.ACCEPTED,
            rsvp: false,
          },
        ],
      }),
      status: invite.method === "CANCEL" ? ICalEventStatus.CANCELLED : session.tentative ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}

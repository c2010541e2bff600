/** What the Staff & hours page reads from /admin/* (see the README's admin routes). */
export interface StaffDetails {
  id: string;
  name: string;
  email: string | null;
  googleCalendarId: string | null;
  active: boolean;
}

/** One range of weekly hours: weekday 0 = Sunday, times "HH:MM" in the business's zone. */
export interface Rule {
  weekday: number;
  start: string;
  end: string;
}

export interface BlockedPeriod {
  id: string;
  /** null: the whole business. */
  staffId: string | null;
  start: string;
  end: string;
  reason: string | null;
}

/** A booking a blocked period would affect, from POST /admin/blocked-periods/preview. */
export interface AffectedBooking {
  bookingId: string;
  start: string;
  end: string;
  customer: { name: string | null; phone: string | null };
  serviceName: string | null;
  staffId: string;
  outcome: "moved_to_backup" | "asked_to_reschedule";
  newStart?: string;
}

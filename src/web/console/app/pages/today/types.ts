/** The parts of the API's JSON the Today page reads besides the shared types (see the README's admin routes). */

/** GET /admin/blocked-periods: staffId null blocks the whole business; start and end carry the business's offset. */
export interface BlockedPeriod {
  id: string;
  staffId: string | null;
  start: string;
  end: string;
  reason: string | null;
}

/** GET /admin/staff/:id/availability: weekday 0 = Sunday, start and end "HH:MM" local. */
export interface AvailabilityRule {
  weekday: number;
  start: string;
  end: string;
}

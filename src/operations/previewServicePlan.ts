/**
 * Previewing a service's (unsaved) plan settings: the schedule they give from a sample first start,
 * by default next Monday at 10:00 in the business's zone, and how each later session gets booked.
 * The console shows it while the owner edits, so the rule is the booking core's, in one place.
 */
import { type MultiSessionConfig, type PlannedSession, planPreview } from "../booking/plans";
import { type LocalDate, addLocalDays, localDateOf, weekdayOf, zonedInstant } from "../booking/time";

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::00(?:\.0+)?)?$/;
const SAMPLE_WEEKDAY = 1;
const SAMPLE_MINUTE = 10 * 60;

export interface PreviewServicePlanInput {
  durationMinutes: number;
  multiSession: MultiSessionConfig | null;
  /** A wall time in the business's zone ("2026-03-09T10:00") or an ISO instant with an offset; absent: next Monday 10:00. */
  sampleStart?: string;
}

export interface ServicePlanPreview {
  timezone: string;
  sampleStart: Date;
  sessions: PlannedSession[];
}

export function previewServicePlan(business: { timezone: string }, now: Date, input: PreviewServicePlanInput): ServicePlanPreview {
  const tz = business.timezone;
  const sampleStart = input.sampleStart === undefined ? nextSampleStart(now, tz) : sampleStartOf(input.sampleStart, tz)!;
  return { timezone: tz, sampleStart, sessions: planPreview(sampleStart, input.durationMinutes, input.multiSession, tz) };
}

/** The instant a sample start names, or undefined when it names none (a wall time inside a DST gap moves forward, as bookings do). */
export function sampleStartOf(text: string, timezone: string): Date | undefined {
  const local = LOCAL_DATE_TIME.exec(text);
  if (local) {
    const [year, month, day, hour, minute] = local.slice(1).map(Number) as [number, number, number, number, number];
    const date: LocalDate = { year, month, day };
    const real = addLocalDays(date, 0);
    if (real.month !== month || real.day !== day || hour > 23 || minute > 59) return undefined;
    return zonedInstant(date, hour * 60 + minute, timezone);
  }
  if (!/(Z|[+-]\d{2}:\d{2})$/i.test(text)) return undefined;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

/** The first Monday after today, at 10:00, in the business's zone. */
function nextSampleStart(now: Date, timezone: string): Date {
  const today = localDateOf(now, timezone);
  const ahead = ((SAMPLE_WEEKDAY - weekdayOf(today) + 6) % 7) + 1;
  return zonedInstant(addLocalDays(today, ahead), SAMPLE_MINUTE, timezone);
}

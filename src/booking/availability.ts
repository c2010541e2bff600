/**
 * Free slots as pure functions over time ranges. Inputs are instants and weekly rules in the
 * business's zone; nothing here reads a clock or a database.
 *
 * A candidate slot [start, end) needs its staff member's time [start, end + buffer) free: that is
 * exactly the range the database's exclusion constraint protects, so what we offer is what the
 * database will accept. Busy ranges therefore arrive already in that form (see BusyInterval).
 */
import {
  MINUTE_MS,
  type LocalDate,
  addLocalDays,
  compareLocalDates,
  daysBetween,
  localDateOf,
  localMinuteOfDay,
  weekdayOf,
  zonedInstant,
} from "./time";

export interface WeeklyRule {
  weekday: number; // 0 = Sunday
  startMinute: number;
  endMinute: number;
}

/** A half-open range of epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

export interface StaffSchedule {
  staffId: string;
  rules: WeeklyRule[];
  /**
   * Time this staff member cannot take: bookings as [start, blockedUntil), blocked periods as they
   * are, external calendar events widened by the buffer after them (toExternalBusy).
   */
  busy: Interval[];
}

export interface BookingPolicy {
  timezone: string;
  slotIntervalMinutes: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  maxAdvanceDays: number;
}

export interface SlotQuery {
  policy: BookingPolicy;
  durationMinutes: number;
  now: Date;
  /** Search window: slots starting in [from, to). */
  from: Date;
  to: Date;
  staff: StaffSchedule[];
}

export interface Slot {
  start: Date;
  end: Date;
  /** Who is free for it, in the order the schedules were given. */
  staffIds: string[];
}

/** A calendar event seen as busy keeps the buffer clear on both sides of it. */
export function toExternalBusy(event: Interval, bufferMinutes: number): Interval {
  return { start: event.start, end: event.end + bufferMinutes * MINUTE_MS };
}

/** Sorted, disjoint union of intervals. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

/** The earliest and latest instants a new booking may start at, given notice and horizon. */
export function bookableWindow(policy: BookingPolicy, now: Date): Interval {
  const earliest = now.getTime() + policy.minNoticeMinutes * MINUTE_MS;
  // The horizon counts whole local days: with 60 days, the whole 60th day from today is bookable.
  const lastDay = addLocalDays(localDateOf(now, policy.timezone), policy.maxAdvanceDays + 1);
  return { start: earliest, end: zonedInstant(lastDay, 0, policy.timezone).getTime() };
}

/** The local days touched by [from, to), each once. */
export function localDaysBetween(from: Date, to: Date, timezone: string): LocalDate[] {
  const days: LocalDate[] = [];
  const last = localDateOf(new Date(to.getTime() - 1), timezone);
  for (let day = localDateOf(from, timezone); compareLocalDates(day, last) <= 0; day = addLocalDays(day, 1)) {
    days.push(day);
  }
  return days;
}

/** A staff member's working time on the given days as instants, overlapping rules merged. */
export function workingIntervals(rules: WeeklyRule[], days: LocalDate[], timezone: string): Interval[] {
  const intervals: Interval[] = [];
  for (const day of days) {
    const weekday = weekdayOf(day);
    for (const rule of rules) {
      if (rule.weekday !== weekday) continue;
      intervals.push({
        start: zonedInstant(day, rule.startMinute, timezone).getTime(),
        end: zonedInstant(day, rule.endMinute, timezone).getTime(),
      });
    }
  }
  return mergeIntervals(intervals);
}

/**
 * Start times on one staff member's schedule. Slots step through real time from the start of each
 * working window, so a spring-forward gap holds no slot and a fall-back hour is not offered twice.
 */
export function staffSlotStarts(query: SlotQuery, schedule: StaffSchedule, days: LocalDate[]): number[] {
  const { policy } = query;
  const step = policy.slotIntervalMinutes * MINUTE_MS;
  const duration = query.durationMinutes * MINUTE_MS;
  const buffer = policy.bufferMinutes * MINUTE_MS;
  const bookable = bookableWindow(policy, query.now);
  const lower = Math.max(query.from.getTime(), bookable.start);
  const upper = Math.min(query.to.getTime(), bookable.end);
  const busy = mergeIntervals(schedule.busy);
  const starts: number[] = [];
  let b = 0;
  for (const window of workingIntervals(schedule.rules, days, policy.timezone)) {
    let start = window.start;
    if (start < lower) start += Math.ceil((lower - start) / step) * step;
    for (; start + duration <= window.end && start < upper; start += step) {
      const claimEnd = start + duration + buffer;
      while (b < busy.length && busy[b]!.end <= start) b++;
      // busy[b] is the first busy range ending after `start`; a later one starting before claimEnd also ends after start.
      const blocker = busy[b];
      if (blocker && blocker.start < claimEnd) {
        // Jump past the blocker instead of testing every step inside it.
        start += Math.floor((blocker.end - start - 1) / step) * step;
        continue;
      }
      starts.push(start);
    }
  }
  return starts;
}

export function availableSlots(query: SlotQuery): Slot[] {
  if (query.to <= query.from || query.staff.length === 0) return [];
  const days = localDaysBetween(query.from, query.to, query.policy.timezone);
  const byStart = new Map<number, string[]>();
  for (const schedule of query.staff) {
    for (const start of staffSlotStarts(query, schedule, days)) {
      const free = byStart.get(start);
      if (free) free.push(schedule.staffId);
      else byStart.set(start, [schedule.staffId]);
    }
  }
  const duration = query.durationMinutes * MINUTE_MS;
  return [...byStart.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([start, staffIds]) => ({ start: new Date(start), end: new Date(start + duration), staffIds }));
}

/** How far off a slot on another day counts as being, per day away from the wanted one. */
const OTHER_DAY_PENALTY_MINUTES = 120;

/**
 * The `count` free slots closest to a wanted instant, returned in chronological order. Same local
 * day first, by distance. Then other days by how close they come to the wanted time of day, each
 * day further away counting as two hours off: someone who wanted Sunday 10:00 (closed) is offered
 * Saturday or Monday around 10:00 rather than Saturday's last slots, which are nearer in hours.
 * An earlier slot wins a tie.
 */
export function nearestSlots(slots: Slot[], wanted: Date, count: number, timezone: string): Slot[] {
  const wantedDay = localDateOf(wanted, timezone);
  const wantedMinute = localMinuteOfDay(wanted, timezone);
  const ranked = slots.map((slot) => {
    const days = Math.abs(daysBetween(wantedDay, localDateOf(slot.start, timezone)));
    return {
      slot,
      otherDay: days === 0 ? 0 : 1,
      distance: days === 0 ? Math.abs(slot.start.getTime() - wanted.getTime()) : (days * OTHER_DAY_PENALTY_MINUTES + Math.abs(localMinuteOfDay(slot.start, timezone) - wantedMinute)) * MINUTE_MS,
    };
  });
  ranked.sort((a, b) => a.otherDay - b.otherDay || a.distance - b.distance || a.slot.start.getTime() - b.slot.start.getTime());
  return ranked
    .slice(0, count)
    .map((r) => r.slot)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
}


/**
 * Why a wanted start is not offered, so a customer hears the real reason (closed then, too soon…)
 * rather than "taken". Checked in the order a front desk would say it: the past, the notice, the
 * horizon, whether anyone works that day, whether anyone works at that hour, else it is taken.
 */
export type Unbookable =
  | { kind: "past" }
  | { kind: "too_soon"; minNoticeMinutes: number }
  | { kind: "too_far"; maxAdvanceDays: number }
  /** Nobody who offers the service works that local day. */
  | { kind: "closed_day" }
  /** Open that day, but not for the whole of [start, start + duration): the day's opening hours, local minutes. */
  | { kind: "closed_hours"; open: { startMinute: number; endMinute: number }[] }
  | { kind: "taken" };

/** `query.from`/`to` are ignored: the reason is about `wanted` alone. */
export function whyUnbookable(query: Omit<SlotQuery, "from" | "to">, wanted: Date): Unbookable {
  const { policy, now } = query;
  if (wanted.getTime() < now.getTime()) return { kind: "past" };
  const window = bookableWindow(policy, now);
  if (wanted.getTime() < window.start) return { kind: "too_soon", minNoticeMinutes: policy.minNoticeMinutes };
  if (wanted.getTime() >= window.end) return { kind: "too_far", maxAdvanceDays: policy.maxAdvanceDays };
  const day = localDateOf(wanted, policy.timezone);
  const open = mergeIntervals(query.staff.flatMap((s) => workingIntervals(s.rules, [day], policy.timezone)));
  if (open.length === 0) return { kind: "closed_day" };
  const end = wanted.getTime() + query.durationMinutes * MINUTE_MS;
  if (!open.some((i) => i.start <= wanted.getTime() && end <= i.end)) {
    const dayStart = zonedInstant(day, 0, policy.timezone).getTime();
    const minuteOf = (t: number) => (t - dayStart >= DAY_MINUTES * MINUTE_MS ? DAY_MINUTES : localMinuteOfDay(new Date(t), policy.timezone));
    return { kind: "closed_hours", open: open.map((i) => ({ startMinute: minuteOf(i.start), endMinute: minuteOf(i.end) })) };
  }
  return { kind: "taken" };
}

const DAY_MINUTES = 24 * 60;

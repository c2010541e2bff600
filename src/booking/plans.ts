/** Multi-session plans as pure functions: where each session should fall, and how far a plan has got. */
import type { MultiSessionStrategy } from "../db/schema";
import { type Slot, nearestSlots } from "./availability";
import { type LocalDate, MINUTE_MS, addLocalDays, compareLocalDates, daysBetween, localDateOf, sameLocalTimeDaysLater, zonedInstant } from "./time";

export interface MultiSessionConfig {
  totalSessions: number;
  strategy: MultiSessionStrategy;
  /** gapDays[i]: days from session i+1 to session i+2. */
  gapDays: number[] | null;
  minGapDays: number | null;
  sessionLabels: string[] | null;
}

/** Days between session n (1-based) and session n+1; falls back to the minimum gap, then to 1 day. */
export function gapAfterSession(config: MultiSessionConfig, sessionNumber: number): number {
  const gaps = config.gapDays ?? [];
  const explicit = gaps[sessionNumber - 1] ?? gaps[gaps.length - 1];
  return Math.max(explicit ?? config.minGapDays ?? 1, config.minGapDays ?? 0);
}

/** Days from the first session's wanted start to the last's. */
export function planSpanDays(config: MultiSessionConfig): number {
  let days = 0;
  for (let n = 1; n < config.totalSessions; n++) days += gapAfterSession(config, n);
  return days;
}

/**
 * The wanted start of every session after the first: each gap later than the previous wanted
 * start, at the same local time (a 10:00 session stays at 10:00 across a DST change).
 */
export function sessionTargets(firstStart: Date, config: MultiSessionConfig, timezone: string): Date[] {
  const targets = [firstStart];
  let days = 0;
  for (let n = 1; n < config.totalSessions; n++) {
    days += gapAfterSession(config, n);
    targets.push(sameLocalTimeDaysLater(firstStart, days, timezone));
  }
  return targets;
}

/**
 * How a session of a plan gets booked: an immediate plan's sessions all together with the first;
 * a sequential plan's next one once the one before it is completed (the customer is invited then);
 * a flexible plan's whenever the customer likes, alone or in batches. `minGapDays` is the least
 * number of local calendar days the booking rules keep from the neighbouring session, null for none.
 */
export type SessionBooking =
  | { kind: "first" }
  | { kind: "with_first" }
  | { kind: "after_previous_completed"; afterSession: number; minGapDays: number | null }
  | { kind: "any_time"; minGapDays: number | null };

export interface PlannedSession {
  sessionNumber: number;
  label: string | null;
  start: Date;
  end: Date;
  booking: SessionBooking;
}

/**
 * The schedule a plan's settings give from a first start, for an owner to check them before saving:
 * every session at its wanted start (sessionTargets: the same local time, each gap later, across DST)
 * and how it gets booked. For sequential and flexible plans the later starts are the earliest the
 * gaps allow, as the customer books them one by one. A single-session service is one session.
 */
export function planPreview(firstStart: Date, durationMinutes: number, config: MultiSessionConfig | null, timezone: string): PlannedSession[] {
  const plan = config ?? { totalSessions: 1, strategy: "immediate" as const, gapDays: null, minGapDays: null, sessionLabels: null };
  const minGap = plan.minGapDays && plan.minGapDays > 0 ? plan.minGapDays : null;
  // A flexible plan has no set gaps: its sessions are spaced by the minimum gap alone (a day without one).
  const spacing = plan.strategy === "flexible" ? { ...plan, gapDays: null, minGapDays: minGap } : plan;
  return sessionTargets(firstStart, spacing, timezone).map((start, i) => ({
    sessionNumber: i + 1,
    label: plan.sessionLabels?.[i] ?? null,
    start,
    end: new Date(start.getTime() + durationMinutes * MINUTE_MS),
    booking: i === 0 ? { kind: "first" } : laterSessionBooking(plan.strategy, i, minGap),
  }));
}

function laterSessionBooking(strategy: MultiSessionConfig["strategy"], previous: number, minGapDays: number | null): SessionBooking {
  if (strategy === "sequential") return { kind: "after_previous_completed", afterSession: previous, minGapDays };
  if (strategy === "flexible") return { kind: "any_time", minGapDays };
  return { kind: "with_first" };
}

/**
 * The free slot for a session whose wanted start is `target`: the wanted time itself when free,
 * else the nearest free slot on the wanted day, else the earliest later day's nearest to that time.
 * Never earlier than the wanted day, so gaps are never shortened.
 */
export function slotForTarget(slots: Slot[], target: Date, timezone: string): Slot | undefined {
  const targetDay = localDateOf(target, timezone);
  const onOrAfter = slots.filter((s) => compareLocalDates(localDateOf(s.start, timezone), targetDay) >= 0);
  if (onOrAfter.length === 0) return undefined;
  const exact = onOrAfter.find((s) => s.start.getTime() === target.getTime());
  if (exact) return exact;
  const firstDay: LocalDate = localDateOf(onOrAfter[0]!.start, timezone);
  const sameFirstDay = onOrAfter.filter((s) => compareLocalDates(localDateOf(s.start, timezone), firstDay) === 0);
  const wantedOnThatDay = sameLocalTimeDaysLater(target, daysBetween(targetDay, firstDay), timezone);
  return nearestSlots(sameFirstDay, wantedOnThatDay, 1, timezone)[0];
}

/** A live session of a plan, as the minimum gap sees it. */
export interface PlanSession {
  sessionNumber: number;
  start: Date;
}

/** A start too close to a neighbouring session, and the nearest local day on that side that is not. */
export interface GapConflict {
  neighbour: PlanSession;
  /** "previous": the neighbour comes first and `boundary` is the first day allowed; "next": the last. */
  side: "previous" | "next";
  boundary: LocalDate;
}

/**
 * Whether session `sessionNumber` at `start` keeps the plan's minimum gap, in local calendar days,
 * to its neighbours among the other live sessions: the one before it and the one after it. Numbered
 * plans (sequential, immediate) take neighbours by number, so a later session never moves before an
 * earlier one; a flexible plan's sessions are numbered in time order, so its neighbours are by time.
 */
export function gapConflict(
  config: Pick<MultiSessionConfig, "strategy" | "minGapDays">,
  others: PlanSession[],
  sessionNumber: number,
  start: Date,
  timezone: string,
): GapConflict | undefined {
  const gap = config.minGapDays ?? 0;
  if (gap <= 0 || others.length === 0) return undefined;
  const byTime = config.strategy === "flexible";
  const key = (s: PlanSession) => (byTime ? s.start.getTime() : s.sessionNumber);
  const at = byTime ? start.getTime() : sessionNumber;
  const before = others.filter((s) => key(s) <= at && (byTime || s.sessionNumber !== sessionNumber));
  const after = others.filter((s) => key(s) > at);
  const previous = before.reduce<PlanSession | undefined>((best, s) => (!best || key(s) > key(best) ? s : best), undefined);
  const next = after.reduce<PlanSession | undefined>((best, s) => (!best || key(s) < key(best) ? s : best), undefined);
  const day = localDateOf(start, timezone);
  if (previous) {
    const previousDay = localDateOf(previous.start, timezone);
    if (daysBetween(previousDay, day) < gap) return { neighbour: previous, side: "previous", boundary: addLocalDays(previousDay, gap) };
  }
  if (next) {
    const nextDay = localDateOf(next.start, timezone);
    if (daysBetween(day, nextDay) < gap) return { neighbour: next, side: "next", boundary: addLocalDays(nextDay, -gap) };
  }
  return undefined;
}

export interface PlanProgress {
  total: number;
  booked: number;
  completed: number;
  remaining: number;
}

/** booked counts live sessions (held, awaiting payment or approval, confirmed, completed, no-show). */
export function planProgress(total: number, sessionStatuses: string[]): PlanProgress {
  const live = sessionStatuses.filter((s) => s !== "cancelled" && s !== "expired");
  const completed = sessionStatuses.filter((s) => s === "completed").length;
  return { total, booked: live.length, completed, remaining: Math.max(0, total - live.length) };
}

/**
 * Free slots indexed by local day, built once (one time-zone lookup per day, not per slot), so the
 * later sessions of many candidate plans can be placed in memory: see placeLaterSessions.
 */
export class FreeSlotsByDay {
  private readonly days: { key: number; slots: Slot[] }[] = [];
  private readonly byStart = new Map<number, Slot>();

  /** `slots` sorted by start, as availableSlots returns them. */
  constructor(slots: Slot[], private readonly timezone: string) {
    let nextMidnight = -Infinity;
    for (const slot of slots) {
      const at = slot.start.getTime();
      if (at >= nextMidnight) {
        const day = localDateOf(slot.start, timezone);
        nextMidnight = zonedInstant(addLocalDays(day, 1), 0, timezone).getTime();
        this.days.push({ key: dayKey(day), slots: [] });
      }
      this.days[this.days.length - 1]!.slots.push(slot);
      this.byStart.set(at, slot);
    }
  }

  /**
   * slotForTarget over the slots that start after `after` (epoch ms) on a local day no earlier than
   * `earliestDay`: the wanted time when free, else the nearest on the first such day that has any.
   */
  forTarget(target: Date, earliestDay: LocalDate, after: number): Slot | undefined {
    const targetDay = localDateOf(target, this.timezone);
    const fromKey = Math.max(dayKey(targetDay), dayKey(earliestDay));
    for (let i = this.firstDayAtOrAfter(fromKey); i < this.days.length; i++) {
      const day = this.days[i]!;
      const open = day.slots.filter((s) => s.start.getTime() > after);
      if (open.length === 0) continue;
      const exact = this.byStart.get(target.getTime());
      if (exact && open.includes(exact)) return exact;
      const wanted = sameLocalTimeDaysLater(target, day.key - dayKey(targetDay), this.timezone);
      return nearestSlots(open, wanted, 1, this.timezone)[0];
    }
    return undefined;
  }

  private firstDayAtOrAfter(key: number): number {
    let lo = 0;
    let hi = this.days.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.days[mid]!.key < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function dayKey(day: LocalDate): number {
  return Date.UTC(day.year, day.month - 1, day.day) / 86_400_000;
}

/**
 * Where a plan's later sessions go, given its first session and the later sessions' wanted starts
 * (sessionTargets): each at its target when free, else the nearest free slot on the first later day
 * that has one (slotForTarget), always after the session before it and at least `minGapDays` local
 * days from it (a session moved later must not bring the next within the gap). Undefined for a
 * session that finds no free slot among `free`. Only slots starting at or after the first session's
 * end count. Pure: the chat's plan preview and the booking page's plan starts both place sessions here.
 */
export function placeLaterSessions(first: Slot, targets: Date[], free: FreeSlotsByDay, minGapDays: number, timezone: string): (Slot | undefined)[] {
  const placed: (Slot | undefined)[] = [];
  let previousStart = first.start.getTime();
  const notBefore = first.end.getTime();
  for (const target of targets) {
    const earliestDay = addLocalDays(localDateOf(new Date(previousStart), timezone), minGapDays);
    const slot = free.forTarget(target, earliestDay, Math.max(previousStart, notBefore - 1));
    placed.push(slot);
    if (slot) previousStart = slot.start.getTime();
  }
  return placed;
}

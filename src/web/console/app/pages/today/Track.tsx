/**
 * One day's column of the time grid: hour lines, the time outside each staff member's working hours
 * lightly shaded, blocked periods hatched with their reason, and the bookings as buttons coloured by
 * status. A column holds one lane per staff member it shows (one in the day view, each member side by
 * side in the week view for everyone).
 */
import { clockTime, minuteOfDay, STATUS_NAMES } from "../../format";
import type { Booking, StaffMember } from "../../types";
import { blockWidens, hoursOn, inBlockedTime, type Interval, isLapsedHold, offHours, periodOnDay, visibleRange, weekdayOf } from "./calendar";
import type { AvailabilityRule, BlockedPeriod } from "./types";

export const PX_PER_MINUTE = 1.2;

export interface Lane {
  member: StaffMember;
  /** undefined when the hours could not be read: nothing is shaded then. */
  rules: AvailabilityRule[] | undefined;
}

export interface Opener {
  openId: string | undefined;
  open: (booking: Booking, from: HTMLElement) => void;
  serviceName: (id: string) => string;
  now: number;
}

/**
 * A booking's button: its times, service, customer and status, read as one name ("10:00–10:30 Haircut
 * Jo Confirmed"); in a narrow week column "10:00 Haircut Jo Confirmed, until 10:30, with Alex".
 */
export function BookingBlock(props: { booking: Booking; opener: Opener; staffName?: string; compact?: boolean; inBlockedTime?: boolean }) {
  const { booking: b, opener } = props;
  const lapsed = isLapsedHold(b, opener.now);
  // Still booked inside time staff blocked: its customer was asked to pick another time (or it awaits a move).
  const state = `${lapsed ? "Hold lapsed" : STATUS_NAMES[b.status]}${props.inBlockedTime && !lapsed ? ", in blocked time" : ""}`;
  const [what, who] = [opener.serviceName(b.serviceId), b.customer.name ?? b.customer.phone];
  const shown = props.compact ? clockTime(b.start) : `${clockTime(b.start)}–${clockTime(b.end)}`;
  return (
    <button
      type="button"
      class={`booking status-${lapsed ? "expired" : b.status}${props.inBlockedTime && !lapsed ? " in-blocked" : ""}`}
      // The visible text first (so speech input finds it), then what a narrow block leaves out: the end,
      // and whose it is when several staff stand side by side (a lane's head is not read with the button).
      aria-label={props.staffName || props.compact ? `${shown} ${what} ${who} ${state}${props.compact ? `, until ${clockTime(b.end)}` : ""}${props.staffName ? `, with ${props.staffName}` : ""}` : undefined}
      aria-expanded={opener.openId === b.id}
      aria-controls={opener.openId === b.id ? "booking-panel" : undefined}
      onClick={(e) => opener.open(b, e.currentTarget)}
    >
      <span class="when">{shown}</span> <span class="what">{what}</span> <span class="who">{who}</span> <span class="state">{state}</span>
    </button>
  );
}

/** "Blocked 12:00–13:00: Staff training" — the reason visible, the times for screen readers (the band shows them). */
export function BlockedLabel(props: { period: BlockedPeriod; staffName?: string; withTimes?: boolean }) {
  const p = props.period;
  const times = props.withTimes === false ? "" : ` ${clockTime(p.start)}–${clockTime(p.end)}`;
  return (
    <>
      <span class="blocked-title">Blocked</span>
      <span class="visually-hidden">{times}{props.staffName ? ` for ${props.staffName}` : " for everyone"}</span>
      {p.reason && <span class="blocked-reason">: {p.reason}</span>}
    </>
  );
}

/** A lane's left edge and width, as shares of the column, `inset` px in from each side. */
function laneBox(index: number, count: number, inset = 2): { left: string; width: string } {
  return { left: `calc(${(index / count) * 100}% + ${inset}px)`, width: `calc(${100 / count}% - ${2 * inset}px)` };
}

export function Track(props: {
  date: string;
  range: Interval;
  lanes: Lane[];
  /** The bookings starting on `date` for these lanes. */
  bookings: Booking[];
  periods: BlockedPeriod[];
  opener: Opener;
  /** Say "No bookings" in an empty column (the day view's wide columns). */
  sayEmpty?: boolean;
  /** Narrow columns (the week's): blocks show their start time only. */
  compact?: boolean;
}) {
  const { range, lanes } = props;
  const y = (minute: number) => (Math.min(Math.max(minute, range.from), range.to) - range.from) * PX_PER_MINUTE;
  const hours = Array.from({ length: (range.to - range.from) / 60 }, (_, i) => range.from + i * 60);
  const weekday = weekdayOf(props.date);
  const laneOf = (staffId: string) => lanes.findIndex((l) => l.member.id === staffId);
  const several = lanes.length > 1;

  return (
    <ul class="track" style={{ height: `${y(range.to)}px` }}>
      {hours.map((m) => <li key={`h${m}`} class="hour-line" aria-hidden="true" style={{ top: `${y(m)}px` }} />)}
      {lanes.flatMap((lane, i) =>
        lane.rules === undefined
          ? []
          : offHours(lane.rules, weekday, range.from, range.to).map((off) => (
              <li key={`off-${lane.member.id}-${off.from}`} class="off-hours" aria-hidden="true" style={{ top: `${y(off.from)}px`, height: `${y(off.to) - y(off.from)}px`, ...laneBox(i, lanes.length, 0) }} />
            )),
      )}
      {props.periods.flatMap((p) => {
        const on = periodOnDay(p, props.date);
        const lane = p.staffId === null ? 0 : laneOf(p.staffId);
        if (!on || lane < 0 || on.to <= range.from || on.from >= range.to) return [];
        const box = p.staffId === null ? laneBox(0, 1) : laneBox(lane, lanes.length);
        return [
          <li key={`b-${p.id}`} class="blocked" style={{ top: `${y(on.from)}px`, height: `${Math.max(20, y(on.to) - y(on.from))}px`, ...box }}>
            <BlockedLabel period={p} staffName={p.staffId === null ? undefined : lanes[lane]!.member.name} />
          </li>,
        ];
      })}
      {props.sayEmpty && props.bookings.length === 0 && <li class="empty">No bookings</li>}
      {props.bookings.map((b) => {
        const lane = Math.max(0, laneOf(b.staffId));
        const start = minuteOfDay(b.start);
        const end = Math.max(periodOnDay(b, props.date)?.to ?? 0, start + 15);
        return (
          <li key={b.id} class="slot" style={{ top: `${y(start)}px`, height: `${Math.max(28, y(end) - y(start) - 2)}px`, ...laneBox(lane, lanes.length) }}>
            <BookingBlock booking={b} opener={props.opener} staffName={several ? lanes[lane]!.member.name : undefined} compact={props.compact} inBlockedTime={inBlockedTime(b, props.periods)} />
          </li>
        );
      })}
    </ul>
  );
}

/** The hours a grid over `dates` shows: its bookings, its lanes' working hours, and blocks that begin or end within a day. */
export function gridRange(dates: string[], lanes: Lane[], bookings: Booking[], periods: BlockedPeriod[]): Interval {
  const spans: Interval[] = [];
  for (const date of dates) {
    for (const b of bookings) {
      const on = b.start.slice(0, 10) === date ? periodOnDay(b, date) : undefined;
      if (on) spans.push({ from: on.from, to: Math.max(on.to, on.from + 15) });
    }
    for (const lane of lanes) {
      const hours = hoursOn(lane.rules ?? [], weekdayOf(date));
      spans.push(...hours);
    }
    for (const p of periods) {
      const widens = blockWidens(p, date);
      if (widens) spans.push(widens);
    }
  }
  return visibleRange(spans);
}

/** The time labels down the grid's left edge. */
export function Times(props: { range: Interval; class?: string }) {
  const { range } = props;
  const hours = Array.from({ length: (range.to - range.from) / 60 }, (_, i) => range.from + i * 60);
  return (
    <div class={`times ${props.class ?? ""}`} aria-hidden="true" style={{ height: `${(range.to - range.from) * PX_PER_MINUTE}px` }}>
      {hours.map((m) => <span key={m} style={{ top: `${(m - range.from) * PX_PER_MINUTE}px` }}>{`${String(m / 60).padStart(2, "0")}:00`}</span>)}
    </div>
  );
}

/**
 * The week view, Monday to Sunday. Wide screens get a time grid of seven day columns (each split
 * into a lane per staff member when several are shown); a phone gets the same week as a list of
 * days, each with its blocked time and bookings in order. CSS shows one or the other.
 */
import { clockTime, longDate, minuteOfDay } from "../../format";
import { onLinkClick } from "../../router";
import type { Booking } from "../../types";
import { hoursText, periodOnDay, shortDay, weekDays, weekdayOf } from "./calendar";
import { BlockedLabel, BookingBlock, gridRange, type Lane, type Opener, Times, Track } from "./Track";
import type { BlockedPeriod } from "./types";

interface WeekProps {
  date: string;
  today: string;
  lanes: Lane[];
  /** The bookings starting in the week, for the lanes shown. */
  bookings: Booking[];
  periods: BlockedPeriod[];
  opener: Opener;
  /** The address of a day's day view. */
  dayHref: (date: string) => string;
}

export function WeekView(props: WeekProps) {
  return (
    <>
      <WeekGrid {...props} />
      <WeekAgenda {...props} />
    </>
  );
}

function WeekGrid(props: WeekProps) {
  const { lanes } = props;
  const days = weekDays(props.date);
  const range = gridRange(days, lanes, props.bookings, props.periods);
  const several = lanes.length > 1;
  const shownIds = new Set(lanes.map((l) => l.member.id));
  return (
    <div class={`calendar week-grid${several ? " with-lanes" : ""}`} style={{ "--columns": "7", "--lanes": String(lanes.length) }}>
      <Times range={range} />
      {days.map((day) => (
        <section class="column" key={day} aria-labelledby={`wk-${day}`}>
          <div class="col-head">
            <h2 id={`wk-${day}`}>
              <a href={props.dayHref(day)} onClick={onLinkClick} aria-current={day === props.today ? "date" : undefined}>{shortDay(day)}</a>
            </h2>
          </div>
          {several && (
            <div class="lane-names" aria-hidden="true">
              {lanes.map((l) => <span key={l.member.id} title={l.member.name}>{l.member.name}</span>)}
            </div>
          )}
          <Track
            date={day}
            range={range}
            lanes={lanes}
            bookings={props.bookings.filter((b) => b.start.slice(0, 10) === day)}
            periods={props.periods.filter((p) => p.staffId === null || shownIds.has(p.staffId))}
            opener={props.opener}
            compact
          />
        </section>
      ))}
    </div>
  );
}

type Item = { at: number; key: string; booking?: Booking; period?: BlockedPeriod };

function WeekAgenda(props: WeekProps) {
  const { lanes } = props;
  const several = lanes.length > 1;
  const nameOf = (staffId: string | null) => (staffId === null ? undefined : lanes.find((l) => l.member.id === staffId)?.member.name);
  return (
    <ol class="agenda">
      {weekDays(props.date).map((day) => {
        const items: Item[] = [
          ...props.periods.flatMap((p) => {
            const on = periodOnDay(p, day);
            return on && (p.staffId === null || nameOf(p.staffId)) ? [{ at: on.from, key: `p${p.id}`, period: p }] : [];
          }),
          ...props.bookings.filter((b) => b.start.slice(0, 10) === day).map((b) => ({ at: minuteOfDay(b.start), key: b.id, booking: b })),
        ].sort((a, b) => a.at - b.at);
        const hours = lanes
          .filter((l) => l.rules)
          .map((l) => `${several ? `${l.member.name} ` : ""}${hoursText(l.rules!, weekdayOf(day)) ?? "not working"}`)
          .join(" · ");
        return (
          <li key={day}>
            <section aria-labelledby={`ag-${day}`}>
              <h2 id={`ag-${day}`}>
                <a href={props.dayHref(day)} onClick={onLinkClick} aria-current={day === props.today ? "date" : undefined}>{longDate(day).replace(/, \d{4}$/, "")}</a>
              </h2>
              {hours && <p class="hours">{hours}</p>}
              {items.length === 0 ? (
                <p class="empty-day">No bookings</p>
              ) : (
                <ul class="agenda-items">
                  {items.map((item) =>
                    item.booking ? (
                      <li key={item.key}>
                        <BookingBlock booking={item.booking} opener={props.opener} staffName={several ? nameOf(item.booking.staffId) : undefined} />
                      </li>
                    ) : (
                      <li key={item.key} class="blocked">
                        <span class="blocked-when">{periodText(item.period!, day)}</span> <BlockedLabel period={item.period!} staffName={nameOf(item.period!.staffId)} withTimes={false} />
                      </li>
                    ),
                  )}
                </ul>
              )}
            </section>
          </li>
        );
      })}
    </ol>
  );
}

/** "12:00–13:00", or "All day" when the period covers the whole day. */
function periodText(p: BlockedPeriod, day: string): string {
  const on = periodOnDay(p, day)!;
  if (on.from === 0 && on.to === 24 * 60) return "All day";
  return `${on.from === 0 ? "00:00" : clockTime(p.start)}–${on.to === 24 * 60 ? "24:00" : clockTime(p.end)}`;
}

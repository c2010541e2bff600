/** The day view: a column per staff member shown, with their working hours, blocked time and bookings. */
import type { Booking } from "../../types";
import { hoursText, weekdayOf } from "./calendar";
import { gridRange, type Lane, type Opener, Times, Track } from "./Track";
import type { BlockedPeriod } from "./types";

export function DayView(props: { date: string; lanes: Lane[]; bookings: Booking[]; periods: BlockedPeriod[]; opener: Opener }) {
  const { date, lanes } = props;
  const range = gridRange([date], lanes, props.bookings, props.periods);
  return (
    <div class="calendar day-grid" style={{ "--columns": String(lanes.length) }}>
      <Times range={range} />
      {lanes.map((lane) => {
        const id = lane.member.id;
        const hours = lane.rules && (hoursText(lane.rules, weekdayOf(date)) ?? "Not working");
        return (
          <section class="column" key={id} aria-labelledby={`staff-${id}`}>
            <div class="col-head">
              <h2 id={`staff-${id}`}>{lane.member.name}</h2>
              {hours && <span class="hours">{hours}</span>}
            </div>
            <Track
              date={date}
              range={range}
              lanes={[lane]}
              bookings={props.bookings.filter((b) => b.staffId === id)}
              periods={props.periods.filter((p) => p.staffId === null || p.staffId === id)}
              opener={props.opener}
              sayEmpty
            />
          </section>
        );
      })}
    </div>
  );
}

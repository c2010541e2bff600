/** Moving a booking: a date, that day's free times from the server (the booking's own time among them), then a confirmation. */
import { useEffect, useState } from "preact/hooks";
import { ApiError, api, useSubmit } from "../../api";
import { clockTime, longDate } from "../../format";
import type { Booking, StaffMember } from "../../types";
import { Field } from "../Field";
import { dayAndTime } from "./dates";
import type { FreeTime } from "./types";
import { useFocusOnOpen } from "./useFocusOnOpen";

export function ReschedulePicker(props: { booking: Booking; timezone?: string; onMoved: (booking: Booking) => void; onBack: () => void }) {
  const heading = useFocusOnOpen<HTMLHeadingElement>();
  const { booking } = props;
  const [date, setDate] = useState(booking.start.slice(0, 10));
  const [times, setTimes] = useState<FreeTime[]>();
  const [loadError, setLoadError] = useState<ApiError>();
  const [chosen, setChosen] = useState<string>();
  const [staff, setStaff] = useState<StaffMember[]>([]);

  useEffect(() => {
    api<{ items: StaffMember[] }>("GET", "/admin/staff")
      .then((r) => setStaff(r.items))
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
    let live = true;
    setTimes(undefined);
    setLoadError(undefined);
    setChosen(undefined);
    api<{ items: FreeTime[] }>("GET", `/admin/bookings/${booking.id}/free-times?date=${date}`)
      .then((r) => live && setTimes(r.items))
      .catch((e: unknown) => live && setLoadError(e instanceof ApiError ? e : new ApiError(0, String(e))));
    return () => {
      live = false;
    };
  }, [booking.id, date]);

  const { submit, busy, error } = useSubmit(async () => {
    if (chosen) props.onMoved(await api<Booking>("POST", `/admin/bookings/${booking.id}/reschedule`, { start: chosen }));
  });

  const current = (t: FreeTime) => t.start === booking.start;
  /** A time the booking's own staff member is not free at goes to someone else: say who, before it is chosen. */
  const withOther = (t: FreeTime) => (t.staffId === booking.staffId ? undefined : (staff.find((s) => s.id === t.staffId)?.name ?? "another staff member"));
  const chosenTime = times?.find((t) => t.start === chosen);
  return (
    <form class="reschedule" onSubmit={submit} aria-labelledby="reschedule-title">
      <h3 id="reschedule-title" ref={heading} tabIndex={-1}>Move this booking</h3>
      <Field id="reschedule-date" label="Date" type="date" value={date} required error={loadError?.fieldMessage("date")} hint={props.timezone && `Times in ${props.timezone}`} onInput={(e) => setDate(e.currentTarget.value)} />
      {loadError && !loadError.fieldMessage("date") && <p role="alert" class="alert">{loadError.message}</p>}
      <div role="group" aria-labelledby="free-times-title">
        <h4 id="free-times-title">Free times on {/^\d{4}-\d{2}-\d{2}$/.test(date) ? longDate(date) : "that day"}</h4>
        {times === undefined && !loadError && <p aria-busy="true">Looking for free times…</p>}
        {times?.length === 0 && <p>No free time that day. Try another date.</p>}
        {times && times.length > 0 && (
          <ul class="time-choices">
            {times.map((t) => (
              <li key={t.start}>
                <button type="button" aria-pressed={chosen === t.start} disabled={current(t)} onClick={() => setChosen(t.start)}>
                  {clockTime(t.start)}{current(t) && <span> (its time now)</span>}{withOther(t) && <span class="other-staff"> with {withOther(t)}</span>}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {error && <p role="alert" class="alert">{error.message}</p>}
      <div class="actions">
        <button type="submit" class="primary-inline" disabled={busy || !chosen}>{busy ? "Moving…" : chosen ? `Move to ${dayAndTime(chosen)}${chosenTime && withOther(chosenTime) ? ` with ${withOther(chosenTime)}` : ""}` : "Choose a time"}</button>
        <button type="button" disabled={busy} onClick={props.onBack}>Back</button>
      </div>
    </form>
  );
}

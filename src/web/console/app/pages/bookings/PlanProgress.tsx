/** A multi-session plan's progress: sessions done out of all, and each session's date and status. */
import { STATUS_NAMES } from "../../format";
import { onLinkClick } from "../../router";
import type { Booking } from "../../types";
import { dayAndTime } from "./dates";

export function PlanProgress(props: { current: Booking; sessions: Booking[] | undefined }) {
  const total = props.current.totalSessions ?? 0;
  if (!props.sessions) return <p aria-busy="true">Loading the plan…</p>;
  const sessions = [...props.sessions].sort((a, b) => (a.sessionNumber ?? 0) - (b.sessionNumber ?? 0) || a.start.localeCompare(b.start));
  const done = sessions.filter((s) => s.status === "completed").length;
  return (
    <>
      <p id="plan-progress-label">Session {props.current.sessionNumber} of {total} · {done} of {total} done</p>
      <progress class="plan-bar" max={total} value={done} aria-labelledby="plan-progress-label" />
      <ol class="plan-sessions">
        {sessions.map((s) => (
          <li key={s.id} aria-current={s.id === props.current.id ? "step" : undefined}>
            {s.id === props.current.id ? <strong>Session {s.sessionNumber}</strong> : <a href={`/console/bookings/${s.id}`} onClick={onLinkClick}>Session {s.sessionNumber}</a>}
            {" · "}{dayAndTime(s.start)} <span class={`badge status-${s.status}`}>{STATUS_NAMES[s.status]}</span>
          </li>
        ))}
        {sessions.filter((s) => s.status !== "cancelled" && s.status !== "expired").length < total && <li class="hint">Later sessions are not booked yet.</li>}
      </ol>
    </>
  );
}

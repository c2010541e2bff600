/**
 * What staff can do to a booking — complete, no-show, approve, reject, move, cancel — limited to what its
 * status and the person's role allow; used by the calendar's quick panel and by the booking's own page.
 */
import { useState } from "preact/hooks";
import { api } from "../../api";
import "./bookings.css";
import type { Booking, Me } from "../../types";
import { CancelForm } from "./CancelForm";
import { RejectForm } from "./RejectForm";
import { ReschedulePicker } from "./ReschedulePicker";
import { dayAndTime } from "./dates";
import { allowedActions } from "./permissions";

type Mode = "buttons" | "cancel" | "reject" | "reschedule";

/** Give it `key={booking.id}` so another booking starts afresh. */
export function BookingActions(props: { booking: Booking; user?: Me["user"]; timezone?: string; onChanged: (booking: Booking) => void }) {
  const { booking } = props;
  const [mode, setMode] = useState<Mode>("buttons");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const allowed = allowedActions(booking, props.user);

  const finished = (told: string) => (changed: Booking) => {
    props.onChanged(changed);
    setMode("buttons");
    setDone(told);
  };

  async function act(path: "complete" | "no-show" | "approve", told: string) {
    setBusy(true);
    setError(undefined);
    try {
      finished(told)(await api<Booking>("POST", `/admin/bookings/${booking.id}/${path}`, {}));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const open = (next: Mode) => () => {
    setDone(undefined);
    setError(undefined);
    setMode(next);
  };

  if (mode === "cancel") return <CancelForm booking={booking} onCancelled={finished("Cancelled. The customer has been told.")} onBack={open("buttons")} />;
  if (mode === "reject") return <RejectForm booking={booking} onRejected={finished("Rejected. The customer has been told.")} onBack={open("buttons")} />;
  if (mode === "reschedule") {
    return <ReschedulePicker booking={booking} timezone={props.timezone} onMoved={(moved) => finished(`Moved to ${dayAndTime(moved.start)}. The customer has been told.`)(moved)} onBack={open("buttons")} />;
  }
  return (
    <div class="booking-actions">
      {done && <p role="status" class="done">{done}</p>}
      {error && <p role="alert" class="alert">{error}</p>}
      {allowed.length > 0 && (
        <div class="actions">
          {allowed.includes("complete") && <button type="button" disabled={busy} onClick={() => act("complete", "Marked completed.")}>Complete</button>}
          {allowed.includes("no-show") && <button type="button" disabled={busy} onClick={() => act("no-show", "Marked as a no-show.")}>No-show</button>}
          {allowed.includes("approve") && <button type="button" disabled={busy} onClick={() => act("approve", "Approved. The customer has been told.")}>Approve</button>}
          {allowed.includes("reject") && <button type="button" class="danger" disabled={busy} onClick={open("reject")}>Reject…</button>}
          {allowed.includes("reschedule") && <button type="button" disabled={busy} onClick={open("reschedule")}>Move…</button>}
          {allowed.includes("cancel") && <button type="button" class="danger" disabled={busy} onClick={open("cancel")}>Cancel booking…</button>}
        </div>
      )}
    </div>
  );
}

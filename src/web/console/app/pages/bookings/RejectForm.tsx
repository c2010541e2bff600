/** Declining a booking that awaits approval, with the staff's reason kept in its history. */
import { useState } from "preact/hooks";
import { api, useSubmit } from "../../api";
import type { Booking } from "../../types";
import { Field } from "../Field";
import { useFocusOnOpen } from "./useFocusOnOpen";

export function RejectForm(props: { booking: Booking; onRejected: (booking: Booking) => void; onBack: () => void }) {
  const heading = useFocusOnOpen<HTMLHeadingElement>();
  const [reason, setReason] = useState("");
  const { submit, busy, error } = useSubmit(async () => {
    props.onRejected(await api<Booking>("POST", `/admin/bookings/${props.booking.id}/reject`, reason.trim() ? { reason: reason.trim() } : {}));
  });
  return (
    <form class="cancel-form" onSubmit={submit} aria-labelledby="reject-title">
      <h3 id="reject-title" ref={heading} tabIndex={-1}>Reject this request</h3>
      <p class="hint">The customer is told it could not be accepted; the time is free again.</p>
      <Field id="reject-reason" label="Reason (optional, kept in the history)" value={reason} maxLength={500} error={error?.fieldMessage("reason")} onInput={(e) => setReason(e.currentTarget.value)} />
      {error && !error.fieldMessage("reason") && <p role="alert" class="alert">{error.message}</p>}
      <div class="actions">
        <button type="submit" class="danger" disabled={busy}>{busy ? "Rejecting…" : "Reject booking"}</button>
        <button type="button" disabled={busy} onClick={props.onBack}>Back</button>
      </div>
    </form>
  );
}

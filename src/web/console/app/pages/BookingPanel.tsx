/** One booking's details and what staff can do to it; a cancellation shows the fee the policy keeps first. */
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import { clockTime, money, STATUS_NAMES } from "../format";
import type { Booking, Business } from "../types";

const CANCELLABLE = new Set(["held", "pending_payment", "pending_approval", "confirmed"]);

/** What cancelling now keeps under the business's policy (the server works it out again when it cancels). */
export function lateFeeCents(booking: Booking, business: Business, now = Date.now()): { late: boolean; feeCents: number } {
  const paid = booking.payment.status === "paid" || booking.payment.status === "partially_refunded" ? booking.payment.amountCents : 0;
  const late = now > Date.parse(booking.start) - business.cancellation.freeUntilHours * 3_600_000;
  return { late, feeCents: late ? Math.round((paid * business.cancellation.lateFeePercent) / 100) : 0 };
}

export function BookingPanel(props: {
  booking: Booking;
  business: Business;
  serviceName: string;
  staffName: string;
  onChanged: (booking: Booking) => void;
  onClose: () => void;
}) {
  const { booking, business } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState("");
  const [waive, setWaive] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();

  useEffect(() => {
    heading.current?.focus();
    setCancelling(false);
    setError(undefined);
    setDone(undefined);
  }, [booking.id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && props.onClose();
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [props.onClose]);

  async function act(path: string, body: unknown, told: string) {
    setBusy(true);
    setError(undefined);
    try {
      const changed = await api<Booking>("POST", `/admin/bookings/${booking.id}/${path}`, body);
      props.onChanged(changed);
      setCancelling(false);
      setDone(told);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const { late, feeCents } = lateFeeCents(booking, business);
  const pay = booking.payment;
  return (
    <section id="booking-panel" class="panel" role="dialog" aria-modal="false" aria-labelledby="booking-panel-title">
      <div class="panel-head">
        <h2 id="booking-panel-title" ref={heading} tabIndex={-1}>{props.serviceName}, {clockTime(booking.start)}–{clockTime(booking.end)}</h2>
        <button type="button" class="close" onClick={props.onClose}>Close<span class="visually-hidden"> booking details</span></button>
      </div>
      <dl>
        <dt>Customer</dt><dd>{booking.customer.name ?? "No name given"}</dd>
        <dt>Phone</dt><dd><a href={`tel:${booking.customer.phone}`}>{booking.customer.phone}</a></dd>
        <dt>With</dt><dd>{props.staffName}</dd>
        <dt>Status</dt><dd><span class={`badge status-${booking.status}`}>{STATUS_NAMES[booking.status]}</span>{booking.holdExpiresAt && ` until ${clockTime(booking.holdExpiresAt)}`}</dd>
        {booking.totalSessions && <><dt>Plan</dt><dd>Session {booking.sessionNumber} of {booking.totalSessions}</dd></>}
        <dt>Payment</dt><dd>{money(pay.amountCents, pay.currency)} · {pay.status.replace(/_/g, " ")}</dd>
      </dl>
      {done && <p role="status" class="done">{done}</p>}
      {error && <p role="alert" class="alert">{error}</p>}
      {booking.status === "confirmed" && !cancelling && (
        <div class="actions">
          <button type="button" disabled={busy} onClick={() => act("complete", {}, "Marked completed.")}>Complete</button>
          <button type="button" disabled={busy} onClick={() => act("no-show", {}, "Marked as a no-show.")}>No-show</button>
        </div>
      )}
      {CANCELLABLE.has(booking.status) && !cancelling && (
        <div class="actions">
          <button type="button" class="danger" disabled={busy} onClick={() => setCancelling(true)}>Cancel booking…</button>
        </div>
      )}
      {cancelling && (
        <form
          class="cancel-form"
          onSubmit={(e) => {
            e.preventDefault();
            void act("cancel", { ...(reason.trim() && { reason: reason.trim() }), ...(feeCents > 0 && { waiveFee: waive }) }, "Cancelled. The customer has been told.");
          }}
        >
          <p class="fee">
            {feeCents > 0
              ? `Late cancellation (within ${business.cancellation.freeUntilHours} h): the policy keeps a fee of ${money(feeCents, pay.currency)} and refunds the rest.`
              : late && pay.amountCents > 0 && pay.status !== "paid"
                ? "Nothing has been paid, so there is no fee."
                : "No cancellation fee applies."}
          </p>
          {feeCents > 0 && (
            <label class="check"><input type="checkbox" checked={waive} onChange={(e) => setWaive(e.currentTarget.checked)} /> Waive the {money(feeCents, pay.currency)} fee (refund everything)</label>
          )}
          <label for="cancel-reason">Reason (optional, kept on the booking)</label>
          <input id="cancel-reason" value={reason} maxLength={500} onInput={(e) => setReason(e.currentTarget.value)} />
          <div class="actions">
            <button type="submit" class="danger" disabled={busy}>{busy ? "Cancelling…" : "Confirm cancellation"}</button>
            <button type="button" disabled={busy} onClick={() => setCancelling(false)}>Keep the booking</button>
          </div>
        </form>
      )}
    </section>
  );
}

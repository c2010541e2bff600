/** The calendar's quick panel: one booking's essentials, what can be done to it (shared with its page), and a link to its page. */
import { useEffect, useRef } from "preact/hooks";
import { clockTime, money, STATUS_NAMES } from "../format";
import { onLinkClick } from "../router";
import type { Booking, Business, Me } from "../types";
import { BookingActions } from "./bookings/BookingActions";
import { useMe } from "./bookings/useMe";
import { isLapsedHold } from "./today/calendar";

export function BookingPanel(props: {
  booking: Booking;
  business: Business;
  serviceName: string;
  staffName: string;
  onChanged: (booking: Booking) => void;
  onClose: () => void;
  /** Who is signed in: the actions offered follow their role (asked of the server when not given). */
  me?: Me;
}) {
  const { booking } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  const me = useMe(props.me);

  useEffect(() => {
    heading.current?.focus();
  }, [booking.id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && props.onClose();
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [props.onClose]);

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
        <dt>Status</dt><dd><span class={`badge status-${booking.status}`}>{STATUS_NAMES[booking.status]}</span>{booking.holdExpiresAt && (isLapsedHold(booking, Date.now()) ? ` · hold lapsed at ${clockTime(booking.holdExpiresAt)}` : ` until ${clockTime(booking.holdExpiresAt)}`)}</dd>
        {booking.totalSessions && <><dt>Plan</dt><dd>Session {booking.sessionNumber} of {booking.totalSessions}</dd></>}
        <dt>Payment</dt><dd>{money(pay.amountCents, pay.currency)} · {pay.status.replace(/_/g, " ")}</dd>
      </dl>
      <p><a href={`/console/bookings/${booking.id}`} onClick={onLinkClick}>Open the booking's page<span class="visually-hidden"> (history, payment, messages)</span></a></p>
      <BookingActions key={booking.id} booking={booking} user={me?.user} timezone={props.business.timezone} onChanged={props.onChanged} />
    </section>
  );
}

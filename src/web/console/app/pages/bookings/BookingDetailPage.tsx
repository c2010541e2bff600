/** One booking's page: its details, payment, what can be done to it, its plan's progress, its history, the emails about it, and the messages with its customer. */
import { useEffect, useState } from "preact/hooks";
import { ApiError, api } from "../../api";
import { clockTime, longDate, money, STATUS_NAMES } from "../../format";
import { onLinkClick } from "../../router";
import type { Booking, Me } from "../../types";
import { BookingActions } from "./BookingActions";
import { Chat } from "./Chat";
import { Emails } from "./Emails";
import { History } from "./History";
import { PlanProgress } from "./PlanProgress";
import type { BookingDetail, BookingEmail, ChatMessage, HistoryEvent } from "./types";
import { dayAndTime } from "./dates";
import { useSetup } from "./useSetup";

const PAYMENT_NAMES: Record<string, string> = {
  none: "nothing to pay",
  at_appointment: "to pay at the appointment",
  pending: "awaiting payment",
  paid: "paid",
  partially_refunded: "paid, partly refunded",
  refunded: "refunded",
  expired: "payment link lapsed",
};

export function BookingDetailPage(props: { id: string; me: Me }) {
  const { setup, error: setupError } = useSetup();
  const [booking, setBooking] = useState<BookingDetail>();
  const [failure, setFailure] = useState<ApiError>();
  const [events, setEvents] = useState<HistoryEvent[]>();
  const [emails, setEmails] = useState<BookingEmail[]>();
  const [messages, setMessages] = useState<ChatMessage[]>();
  const [sessions, setSessions] = useState<Booking[]>();
  const [version, setVersion] = useState(0);
  const seesMessages = props.me.user.role !== "staff";

  useEffect(() => {
    api<BookingDetail>("GET", `/admin/bookings/${props.id}`)
      .then(setBooking)
      .catch((e: unknown) => setFailure(e instanceof ApiError ? e : new ApiError(0, String(e))));
  }, [props.id, version]);

  useEffect(() => {
    if (!booking) return;
    void api<{ items: HistoryEvent[] }>("GET", `/admin/bookings/${booking.id}/history`).then((r) => setEvents(r.items));
    void api<{ items: BookingEmail[] }>("GET", `/admin/bookings/${booking.id}/emails`).then((r) => setEmails(r.items));
    if (seesMessages) void api<{ items: ChatMessage[] }>("GET", `/admin/messages?phone=${encodeURIComponent(booking.customer.phone)}`).then((r) => setMessages(r.items.filter((m) => m.channel !== "email"))); // emails have their own section (Emails.tsx)
    if (booking.sessionGroupId) void api<{ items: Booking[] }>("GET", `/admin/bookings?sessionGroupId=${booking.sessionGroupId}&limit=100`).then((r) => setSessions(r.items));
  }, [booking]);

  useEffect(() => {
    if (booking && setup) document.title = `${setup.serviceName(booking.serviceId)}, ${dayAndTime(booking.start)} · Bookings · ${props.me.business.name}`;
  }, [booking, setup]);

  if (failure) {
    return (
      <section>
        <h1>{failure.status === 404 ? "No such booking" : "Booking"}</h1>
        <p role="alert" class="alert">{failure.status === 404 ? "This booking does not exist, or belongs to another business." : failure.message}</p>
        <p><a href="/console/bookings" onClick={onLinkClick}>All bookings</a></p>
      </section>
    );
  }
  if (!booking || !setup) return <section aria-busy="true"><h1>Booking</h1>{setupError ? <p role="alert" class="alert">{setupError}</p> : <p>Loading…</p>}</section>;

  const tz = setup.business.timezone;
  const pay = booking.payment;
  const date = booking.start.slice(0, 10);
  return (
    <article class="booking-page">
      <p class="crumbs"><a href="/console/bookings" onClick={onLinkClick}>All bookings</a></p>
      <h1>{setup.serviceName(booking.serviceId)}, {dayAndTime(booking.start)}–{clockTime(booking.end)}</h1>
      <div class="booking-grid">
        <section aria-labelledby="details-title" class="card-section">
          <h2 id="details-title">Details</h2>
          <dl class="facts">
            <dt>Status</dt><dd><span class={`badge status-${booking.status}`}>{STATUS_NAMES[booking.status]}</span>{booking.holdExpiresAt && ` until ${dayAndTime(booking.holdExpiresAt)}`}</dd>
            <dt>When</dt><dd>{longDate(date)}, {clockTime(booking.start)}–{clockTime(booking.end)} <span class="hint">({tz})</span></dd>
            <dt>Customer</dt><dd>{booking.customer.name ?? "No name given"}</dd>
            <dt>Phone</dt><dd><a href={`tel:${booking.customer.phone}`}>{booking.customer.phone}</a></dd>
            <dt>With</dt><dd>{setup.staffName(booking.staffId)}</dd>
            {booking.rescheduleCount > 0 && <><dt>Moved</dt><dd>{booking.rescheduleCount} time{booking.rescheduleCount === 1 ? "" : "s"}</dd></>}
          </dl>
          <h2 id="payment-title">Payment</h2>
          <dl class="facts" aria-labelledby="payment-title">
            <dt>Amount</dt><dd>{pay.amountCents === 0 ? "Free" : money(pay.amountCents, pay.currency)}</dd>
            <dt>Status</dt><dd>{PAYMENT_NAMES[pay.status] ?? pay.status.replace(/_/g, " ")}</dd>
            {pay.refundedCents > 0 && <><dt>Refunded</dt><dd>{money(pay.refundedCents, pay.currency)}</dd></>}
            {(pay.cancellationFeeCents ?? 0) > 0 && <><dt>Fee kept</dt><dd>{money(pay.cancellationFeeCents!, pay.currency)} (late cancellation)</dd></>}
            {pay.url && pay.status === "pending" && <><dt>Link</dt><dd><a href={pay.url} rel="noreferrer" target="_blank">Payment page<span class="visually-hidden"> (opens in a new tab)</span></a></dd></>}
          </dl>
        </section>
        <section aria-labelledby="actions-title" class="card-section">
          <h2 id="actions-title">What to do</h2>
          <BookingActions
            key={booking.id}
            booking={booking}
            user={props.me.user}
            timezone={tz}
            onChanged={() => setVersion((v) => v + 1)}
          />
          {booking.totalSessions && (
            <section aria-labelledby="plan-title">
              <h2 id="plan-title">Plan progress</h2>
              <PlanProgress current={booking} sessions={sessions} />
            </section>
          )}
        </section>
        <section aria-labelledby="history-title" class="card-section">
          <h2 id="history-title">History</h2>
          <History events={events} timezone={tz} />
        </section>
        <section aria-labelledby="emails-title" class="card-section">
          <h2 id="emails-title">Emails</h2>
          <Emails emails={emails} timezone={tz} />
        </section>
        {seesMessages && (
          <section aria-labelledby="messages-title" class="card-section">
            <h2 id="messages-title">Messages with {booking.customer.name ?? booking.customer.phone}</h2>
            <Chat messages={messages} timezone={tz} />
          </section>
        )}
      </div>
    </article>
  );
}

/** From a customer's booking to the words of its manage pages (src/web/manage/pages.ts). */
import type { Booking } from "../../booking/bookingService";
import { type LocalDate, addLocalDays, compareLocalDates, localDateOf } from "../../booking/time";
import { en, formatPrice } from "../../copy";
import type { CancellationQuote } from "../../operations/cancelBooking";
import { type CustomerBooking, whyUnchangeable } from "../../operations/customerBooking";
import type { FreeTime } from "../../operations/rescheduleTimes";
import type { BookingPageView, CancelPageView, MovePageView, SessionView } from "../../web/manage/pages";
import { STATUS_WORDS, UNCHANGEABLE_WORDS, clockWords, dayWords, paymentWords, whenWords, zoneWords } from "../../web/manage/words";

/** The manage link's paths, relative to the site (redirects and forms stay on the host the page came from). */
export function managePaths(token: string) {
  const base = `/m/${token}`;
  const session = (id: string) => `session=${encodeURIComponent(id)}`;
  return {
    page: base,
    calendar: `${base}/calendar.ics`,
    cancel: `${base}/cancel`,
    reschedule: `${base}/reschedule`,
    move: `${base}/move`,
    cancelOf: (id: string, extra = "") => `${base}/cancel?${session(id)}${extra}`,
    moveOf: (id: string, extra = "") => `${base}/move?${session(id)}${extra}`,
    done: (id: string, what: "cancelled" | "moved") => `${base}?done=${what}&${session(id)}`,
  };
}

const isPlan = (m: CustomerBooking) => m.booking.sessionGroupId !== null;

/** "Consultation and fitting (session 1 of 3)"; null for a single booking. */
function headingOf(m: CustomerBooking, s: Booking): string | null {
  if (!isPlan(m) || s.sessionNumber === null) return null;
  const total = s.totalSessions ?? m.service.totalSessions ?? s.sessionNumber;
  return en.sessionLabel({ sessionLabels: m.service.sessionLabels, totalSessions: total }, s.sessionNumber);
}

/** The session in one line: "Haircut, Tuesday 3 March 2026, 10:00–10:30". */
export function whatOf(m: CustomerBooking, s: Booking): string {
  return `${headingOf(m, s) ?? m.service.name}, ${whenWords(s.startAt, s.endAt, m.business.timezone)}`;
}

export function bookingPageView(m: CustomerBooking, token: string, now: Date, done?: { what: "cancelled" | "moved"; session: string }): BookingPageView {
  const paths = managePaths(token);
  const tz = m.business.timezone;
  const sessions: SessionView[] = m.sessions.map((s) => {
    const why = whyUnchangeable(s, now);
    return {
      id: s.id,
      heading: headingOf(m, s),
      when: whenWords(s.startAt, s.endAt, tz),
      staff: m.staffNames[s.staffId] ?? "Our team",
      status: STATUS_WORDS[s.status] ?? s.status,
      whyNot: why ? UNCHANGEABLE_WORDS[why]! : null,
      cancelHref: paths.cancelOf(s.id),
      moveHref: paths.moveOf(s.id),
    };
  });
  const b = m.booking;
  const total = b.totalSessions ?? m.service.totalSessions;
  const plan = isPlan(m) && total ? (m.sessions.length < total ? `A plan of ${total} sessions, ${m.sessions.length} booked so far` : `A plan of ${total} sessions`) : null;
  const price = b.priceCents === 0 ? "Free" : `${formatPrice(b.priceCents, b.currency)}${plan ? " per session" : ""}`;
  return {
    businessName: m.business.name,
    address: m.business.address,
    serviceName: m.service.name,
    plan,
    zone: zoneWords(tz),
    price,
    payment: paymentWords(b.paymentStatus, b.priceCents, b.currency),
    sessions,
    notice: done ? noticeOf(m, done) : null,
    calendarHref: paths.calendar,
  };
}

/** What just happened, when the session shows it did (a `done` in the address is only believed then). */
function noticeOf(m: CustomerBooking, done: { what: "cancelled" | "moved"; session: string }): string | null {
  const s = m.sessions.find((x) => x.id === done.session);
  if (!s) return null;
  if (done.what === "cancelled") return s.status === "cancelled" ? `Cancelled: ${whatOf(m, s)}.` : null;
  return s.status === "cancelled" || s.status === "expired" ? null : `Moved: ${whatOf(m, s)}.`;
}

const CANCEL_NOTICES = {
  changed: "Your booking or its cancellation terms changed since you opened this page. Please read them again.",
} as const;

export type CancelNotice = keyof typeof CANCEL_NOTICES;

export function cancelPageView(m: CustomerBooking, s: Booking, token: string, now: Date, quote: CancellationQuote | undefined, nonce: string, notice?: CancelNotice): CancelPageView {
  const paths = managePaths(token);
  const why = whyUnchangeable(s, now);
  return {
    businessName: m.business.name,
    what: whatOf(m, s),
    zone: zoneWords(m.business.timezone),
    terms: quote ? termsOf(m, quote) : [],
    warning: notice ? CANCEL_NOTICES[notice] : null,
    whyNot: why ? UNCHANGEABLE_WORDS[why]! : null,
    postAction: paths.cancel,
    session: s.id,
    nonce,
    backHref: paths.page,
  };
}

/** The business's policy, then what cancelling now keeps and refunds: the quote cancelBooking applies. */
function termsOf(m: CustomerBooking, q: CancellationQuote): string[] {
  const { cancellationFreeUntilHours: hours, cancellationLateFeePercent: percent, timezone } = m.business;
  const money = (cents: number) => formatPrice(cents, q.currency);
  const policy =
    percent > 0
      ? `Our policy: cancelling is free until ${hours === 1 ? "1 hour" : `${hours} hours`} before the start; after that, ${percent}% of what you paid is kept.`
      : "Our policy: cancelling is free of charge.";
  const now: string[] = [];
  if (q.feeCents > 0) now.push(`It is now within the late-cancellation window: ${money(q.feeCents)} is kept and ${money(q.refundCents)} refunded to you.`);
  else if (q.refundCents > 0) now.push(`You will get ${money(q.refundCents)} back in full.`);
  else if (!q.late && percent > 0) now.push(`Nothing has been paid, so cancelling now costs nothing (free until ${clockWords(q.freeUntil, timezone)} on ${dayWords(q.freeUntil.toISOString(), timezone)}).`);
  else now.push("Nothing has been paid, so cancelling costs nothing.");
  if (q.packageCredit === "returned") now.push("The session goes back on your pass.");
  if (q.packageCredit === "used") now.push("It is within the late-cancellation window, so the session on your pass is used.");
  return [policy, ...now];
}

const MOVE_NOTICES = {
  taken: "Sorry, that time was just taken. Here are the free times that day again.",
  changed: "Your booking changed since you opened this page. Here it is as it is now.",
} as const;

export type MoveNotice = keyof typeof MOVE_NOTICES;

export function isoDate(d: LocalDate): string {
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

export function movePageView(
  m: CustomerBooking,
  s: Booking,
  token: string,
  now: Date,
  day: LocalDate,
  times: FreeTime[],
  nonce: string,
  notice?: MoveNotice,
): MovePageView {
  const paths = managePaths(token);
  const tz = m.business.timezone;
  const why = whyUnchangeable(s, now);
  const today = localDateOf(now, tz);
  const last = addLocalDays(today, m.business.maxAdvanceDays);
  const dayHref = (d: LocalDate) => paths.moveOf(s.id, `&date=${isoDate(d)}`);
  return {
    businessName: m.business.name,
    what: whatOf(m, s),
    zone: zoneWords(tz),
    warning: notice ? MOVE_NOTICES[notice] : null,
    whyNot: why ? UNCHANGEABLE_WORDS[why]! : null,
    session: s.id,
    nonce,
    date: isoDate(day),
    minDate: isoDate(today),
    maxDate: isoDate(last),
    dayLabel: dayWords(isoDate(day), tz),
    times: times.map((t) => ({ value: t.start.toISOString(), label: clockWords(t.start, tz), current: t.start.getTime() === s.startAt.getTime() })),
    getAction: paths.move,
    postAction: paths.reschedule,
    previousDayHref: compareLocalDates(day, today) > 0 ? dayHref(addLocalDays(day, -1)) : null,
    nextDayHref: compareLocalDates(day, last) < 0 ? dayHref(addLocalDays(day, 1)) : null,
    backHref: paths.page,
  };
}

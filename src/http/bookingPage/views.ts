/** From the business, its services and free times to the words of the booking page (src/web/bookingPage/pages.ts). */
import type { Booking } from "../../booking/bookingService";
import { type LocalDate, addLocalDays, compareLocalDates, weekdayOf } from "../../booking/time";
import { en, formatPrice } from "../../copy";
import type { CustomerBooking } from "../../operations/customerBooking";
import type { FreeTimesByDay } from "../../operations/freeTimesByDay";
import type { PublicCatalog, PublicService } from "../../operations/publicCatalog";
import type { BookingPageView, CalendarView, Chrome, ConfirmationView, DayView, Field, FormView, ServiceChoice, TimeView } from "../../web/bookingPage/pages";
import { planSentence, policySentence, serviceLine } from "../../web/bookingPage/words";
import { STATUS_WORDS } from "../../web/manage/words";
import { clockWords, dayWords, whenWords } from "../../web/shared/timeWords";

export interface Month {
  year: number;
  month: number;
}

/** What the visitor has chosen so far (the page's query, or the form posted). */
export interface Choice {
  service?: PublicService;
  month: Month;
  date?: LocalDate;
  start?: Date;
}

/** The form as posted, when it comes back: what was typed, what was wrong, the nearest free times. */
export interface FormState {
  values: Record<Field, string>;
  errors: FormView["errors"];
  problem: string | null;
  alternatives: Date[] | null;
}

export const EMPTY_VALUES: Record<Field, string> = { name: "", phone: "", email: "", promoCode: "", notes: "" };

export function isoDate(d: LocalDate): string {
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

export function isoMonth(m: Month): string {
  return `${m.year}-${String(m.month).padStart(2, "0")}`;
}

export function monthOf(d: LocalDate): Month {
  return { year: d.year, month: d.month };
}

export function addMonths(m: Month, n: number): Month {
  const index = m.year * 12 + (m.month - 1) + n;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

export function compareMonths(a: Month, b: Month): number {
  return a.year - b.year || a.month - b.month;
}

export function lastDayOf(m: Month): LocalDate {
  return addLocalDays({ ...addMonths(m, 1), day: 1 }, -1);
}

/** The page's addresses, relative to the site (so a framed page's links stay in the frame). */
export function pagePaths(home: string) {
  const q = (params: Record<string, string>) => `${home}?${new URLSearchParams(params).toString()}`;
  return {
    home,
    service: (id: string) => `${q({ service: id })}#calendar`,
    month: (id: string, m: Month) => `${q({ service: id, month: isoMonth(m) })}#calendar`,
    day: (id: string, d: LocalDate) => `${q({ service: id, date: isoDate(d) })}#times`,
    time: (id: string, d: LocalDate, start: Date) => `${q({ service: id, date: isoDate(d), start: start.toISOString() })}#details`,
    book: `${home}/book`,
    confirmation: (token: string) => `${home}/confirmation/m/${token}`,
  };
}

const monthWords = (m: Month) => new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(m.year, m.month - 1, 1)));

export interface PageInputs {
  chrome: Chrome;
  catalog: PublicCatalog;
  choice: Choice;
  /** The months a visitor may look at: this one to the last the business books ahead. */
  months: { first: Month; last: Month };
  free: FreeTimesByDay | null;
  /** An immediate plan's sessions from the chosen start. */
  schedule: (Date | null)[] | null;
  form: FormState | null;
  /** Where the form goes: the page's own /book, or the top-level page's with target _top (Checkout from a frame). */
  formAction: { action: string; target: "_top" | null };
  paymentsByLink: boolean;
  warning: string | null;
}

export function bookingPageView(p: PageInputs): BookingPageView {
  const tz = p.catalog.business.timezone;
  const paths = pagePaths(p.chrome.home);
  const { service } = p.choice;
  const services: ServiceChoice[] = p.catalog.services.map((s) => ({
    id: s.id,
    name: s.name,
    line: serviceLine(s, p.paymentsByLink),
    plan: planSentence(s),
    href: paths.service(s.id),
    chosen: s.id === service?.id,
  }));
  const calendar = service && p.free ? calendarView(p, service, p.free) : null;
  const day = service && p.free && p.choice.date ? dayView(p, service, p.free, p.choice.date) : null;
  const chosenFree = Boolean(day && p.choice.start && day.times.some((t) => t.chosen));
  let warning = p.warning;
  if (!warning && p.choice.start && !chosenFree && !p.form?.alternatives) warning = "That time is no longer free. Please choose another.";
  const showForm = service && ((p.choice.start && chosenFree) || p.form?.alternatives);
  return {
    chrome: p.chrome,
    address: p.catalog.business.address,
    contactEmail: p.catalog.business.contactEmail,
    services,
    warning,
    calendar,
    day,
    form: showForm ? formView(p, service, tz, chosenFree ? p.choice.start! : null) : null,
  };
}

function calendarView(p: PageInputs, service: PublicService, free: FreeTimesByDay): CalendarView {
  const tz = p.catalog.business.timezone;
  const paths = pagePaths(p.chrome.home);
  const m = p.choice.month;
  const last = lastDayOf(m);
  const weeks: CalendarView["weeks"] = [];
  let week: CalendarView["weeks"][number] = Array.from({ length: (weekdayOf({ ...m, day: 1 }) + 6) % 7 }, () => null);
  let empty = true;
  for (let d: LocalDate = { ...m, day: 1 }; compareLocalDates(d, last) <= 0; d = addLocalDays(d, 1)) {
    const times = free.days[isoDate(d)] ?? [];
    if (times.length > 0) empty = false;
    week.push({
      day: d.day,
      label: dayWords(isoDate(d), tz),
      href: times.length > 0 ? paths.day(service.id, d) : null,
      freeCount: times.length,
      chosen: p.choice.date !== undefined && compareLocalDates(d, p.choice.date) === 0,
    });
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length > 0) weeks.push([...week, ...Array.from({ length: 7 - week.length }, () => null)]);
  return {
    serviceName: service.name,
    monthLabel: monthWords(m),
    previousHref: compareMonths(m, p.months.first) > 0 ? paths.month(service.id, addMonths(m, -1)) : null,
    nextHref: compareMonths(m, p.months.last) < 0 ? paths.month(service.id, addMonths(m, 1)) : null,
    weeks,
    empty,
  };
}

function dayView(p: PageInputs, service: PublicService, free: FreeTimesByDay, date: LocalDate): DayView {
  const tz = p.catalog.business.timezone;
  const paths = pagePaths(p.chrome.home);
  const times = (free.days[isoDate(date)] ?? []).map((t) => {
    const start = new Date(t.start);
    return {
      iso: start.toISOString(),
      label: clockWords(start, tz),
      href: paths.time(service.id, date, start),
      chosen: p.choice.start?.getTime() === start.getTime(),
    };
  });
  return { label: dayWords(isoDate(date), tz), times };
}

/** "10:00–10:30" on the business's clock. */
function span(start: Date, minutes: number, tz: string): TimeView {
  return { iso: start.toISOString(), label: `${clockWords(start, tz)}–${clockWords(new Date(start.getTime() + minutes * 60_000), tz)}` };
}

function formView(p: PageInputs, service: PublicService, tz: string, start: Date | null): FormView {
  const plan = service.multiSession;
  const schedule =
    start && p.schedule && plan
      ? p.schedule.map((s, i) => ({
          heading: capitalized(en.sessionLabel({ sessionLabels: plan.sessionLabels ?? null, totalSessions: plan.totalSessions }, i + 1)),
          day: s ? dayWords(s.toISOString(), tz) : "No free time found",
          time: s ? span(s, service.durationMinutes, tz) : { iso: "", label: "" },
        }))
      : null;
  const pays = service.requiresPayment && service.priceCents > 0 && p.paymentsByLink;
  const business = p.catalog.business;
  const notes: string[] = [];
  if (pays) notes.push("Next you pay on Stripe's secure page; your time is held for you meanwhile.");
  else if (service.priceCents > 0) notes.push(`You pay ${formatPrice(service.priceCents * (service.packageSessions ?? 1), service.currency)} at the appointment.`);
  return {
    action: p.formAction.action,
    target: p.formAction.target,
    serviceId: service.id,
    serviceName: service.name,
    chosen: start ? { day: dayWords(start.toISOString(), tz), time: span(start, service.durationMinutes, tz) } : null,
    schedule,
    alternatives: p.form?.alternatives?.map((a) => ({ day: dayWords(a.toISOString(), tz), time: span(a, service.durationMinutes, tz) })) ?? null,
    problem: p.form?.problem ?? null,
    values: p.form?.values ?? EMPTY_VALUES,
    errors: p.form?.errors ?? {},
    requireEmail: business.requireEmail,
    notes,
    policy: policySentence(business.cancellation),
    submitLabel: pays ? "Continue to payment" : schedule ? `Book all ${schedule.length} sessions` : "Book",
  };
}

const capitalized = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;

/** The confirmation page after booking: the booking, calendar links and the manage link. */
export function confirmationView(m: CustomerBooking, o: { chrome: Chrome; calendarHref: string; manageHref: string; manageUrl: string; framed: boolean }): ConfirmationView {
  const tz = m.business.timezone;
  const first = m.booking;
  const live = m.sessions.filter((s) => s.status !== "cancelled" && s.status !== "expired");
  const shown = live.length > 0 ? live : [first];
  const plan = first.sessionGroupId !== null;
  const total = first.totalSessions ?? m.service.totalSessions;
  const heading = (s: Booking) =>
    plan && s.sessionNumber !== null && total ? capitalized(en.sessionLabel({ sessionLabels: m.service.sessionLabels, totalSessions: total }, s.sessionNumber)) : null;
  const { title, lead } = leadOf(first.status, m.business.name);
  return {
    chrome: o.chrome,
    title,
    lead,
    serviceName: m.service.name,
    sessions: shown.map((s) => ({ heading: heading(s), when: whenWords(s.startAt, s.endAt, tz), staff: m.staffNames[s.staffId] ?? "Our team", status: STATUS_WORDS[s.status] ?? s.status })),
    price: first.priceCents === 0 ? "Free" : `${formatPrice(first.priceCents, first.currency)}${shown.length > 1 ? " per session" : ""}`,
    address: m.business.address,
    calendarHref: o.calendarHref,
    googleLinks: live.map((s, i) => ({
      label: live.length > 1 ? `Add session ${s.sessionNumber ?? i + 1} to Google Calendar` : "Add to Google Calendar",
      href: googleCalendarLink({ title: `${m.service.name} · ${m.business.name}`, start: s.startAt, end: s.endAt, details: `See, move or cancel your booking: ${o.manageUrl}`, location: m.business.address }),
    })),
    manageHref: o.manageHref,
    manageTarget: o.framed ? "_top" : null,
  };
}

function leadOf(status: string, businessName: string): { title: string; lead: string } {
  switch (status) {
    case "pending_approval":
      return { title: "Request sent", lead: `${businessName} confirms each booking: you'll get a text when they decide.` };
    case "pending_payment":
    case "held":
      return { title: "Awaiting payment", lead: "Your time is held for a little while: pay with the link we texted you to confirm it." };
    case "cancelled":
    case "expired":
      return { title: "Not booked", lead: "This booking is no longer on. Please choose another time." };
    default:
      return { title: "You're booked", lead: "Booked! We've texted you the details and the link below." };
  }
}

/** Google Calendar's "add event" address: UTC times as YYYYMMDDTHHMMSSZ. */
export function googleCalendarLink(e: { title: string; start: Date; end: Date; details: string; location: string | null }): string {
  const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const params = new URLSearchParams({ action: "TEMPLATE", text: e.title, dates: `${stamp(e.start)}/${stamp(e.end)}`, details: e.details });
  if (e.location) params.set("location", e.location);
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}

/**
 * The customers' booking page (/b/<slug>, and /b/<slug>/embed in a frame), server-rendered: a plain
 * GET and POST flow that works without JavaScript (service → a month of days → a day's times → a
 * short form), one inline stylesheet allowed by its hash, and one small script (enhance.js) that
 * only improves it. Each page takes a view of plain, already-worded strings; the routes build them.
 */
import { type Html, html, raw } from "../shared/html";
import { BOOKING_CSS } from "./styles";

export interface Chrome {
  businessName: string;
  /** The business's IANA zone: every time on the page is on its clock; the script compares the visitor's. */
  timezone: string;
  /** "New York time (America/New_York)". */
  zone: string;
  scriptSrc: string;
  /** The page's own root: /b/<slug> or /b/<slug>/embed. */
  home: string;
}

export interface ServiceChoice {
  id: string;
  name: string;
  line: string;
  plan: string | null;
  href: string;
  chosen: boolean;
}

export interface DayCell {
  day: number;
  label: string;
  /** Set when the day has free times. */
  href: string | null;
  freeCount: number;
  chosen: boolean;
}

export interface CalendarView {
  serviceName: string;
  monthLabel: string;
  previousHref: string | null;
  nextHref: string | null;
  /** Monday-first weeks; null pads the days of other months. */
  weeks: (DayCell | null)[][];
  /** No free day this month. */
  empty: boolean;
}

/** A time on the business's clock, with its instant for the script. */
export interface TimeView {
  iso: string;
  label: string;
}

export interface DayView {
  label: string;
  times: (TimeView & { href: string; chosen: boolean })[];
}

export type Field = "name" | "phone" | "email" | "promoCode" | "notes";

export interface FormView {
  action: string;
  /** "_top" where the form leads to Stripe Checkout from a frame (Checkout refuses frames). */
  target: "_top" | null;
  serviceId: string;
  serviceName: string;
  /** The chosen time; absent when the visitor must pick one of `alternatives`. */
  chosen: { day: string; time: TimeView } | null;
  /** An immediate plan's whole schedule from the chosen start: "Consultation (session 1 of 3)", when. */
  schedule: { heading: string; day: string; time: TimeView }[] | null;
  /** The nearest free times, after the chosen one was taken ("Tuesday 3 March 2026, " + the time). */
  alternatives: { day: string; time: TimeView }[] | null;
  /** Why the form is back: a taken time, a refusal. */
  problem: string | null;
  values: Record<Field, string>;
  errors: Partial<Record<Field | "start", string>>;
  requireEmail: boolean;
  notes: string[];
  policy: string;
  submitLabel: string;
}

export interface BookingPageView {
  chrome: Chrome;
  address: string | null;
  contactEmail: string | null;
  services: ServiceChoice[];
  warning: string | null;
  calendar: CalendarView | null;
  day: DayView | null;
  form: FormView | null;
}

export interface ConfirmationView {
  chrome: Chrome;
  title: string;
  lead: string;
  serviceName: string;
  sessions: { heading: string | null; when: string; staff: string; status: string }[];
  price: string;
  address: string | null;
  calendarHref: string;
  googleLinks: { label: string; href: string }[];
  manageHref: string;
  /** Where the manage page opens: "_top" from a frame (it refuses frames). */
  manageTarget: "_top" | null;
}

function layout(title: string, chrome: Chrome | null, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${chrome ? `${title} · ${chrome.businessName}` : title}</title>
<style>${raw(BOOKING_CSS)}</style>
${chrome && html`<script src="${chrome.scriptSrc}" defer></script>`}
</head>
<body>
<main${chrome && html` data-zone="${chrome.timezone}"`}>
${body}
</main>
</body>
</html>
`.value;
}

/** A time on the business's clock; the script adds the visitor's own when their zone differs. */
const timeOf = (t: TimeView) => html`<time datetime="${t.iso}" data-local>${t.label}</time>`;

const zoneNote = (chrome: Chrome) => html`<p class="muted zone-note">Times are in ${chrome.zone}.</p>`;

const box = (kind: "notice" | "warning", text: string | null) => text && html`<div class="card ${kind}" role="status"><p>${text}</p></div>`;

export function bookingPage(v: BookingPageView): string {
  const c = v.chrome;
  const header = html`<header>
<h1>${c.businessName}</h1>
${v.address && html`<p>${v.address}</p>`}
${v.contactEmail && html`<p><a href="${`mailto:${v.contactEmail}`}">${v.contactEmail}</a></p>`}
</header>`;
  const services = html`<section aria-labelledby="services">
<h2 id="services">Services</h2>
${v.services.length === 0 ? html`<p>Nothing can be booked online yet. Please contact the business.</p>` : ""}
<ul class="services">
${v.services.map(
  (s) => html`<li${s.chosen ? html` class="chosen"` : ""}>
<h3>${s.name}</h3>
<p>${s.line}</p>
${s.plan && html`<p class="muted">${s.plan}</p>`}
${s.chosen ? html`<p><strong>Chosen</strong> · <a href="${c.home}">Change</a></p>` : html`<a class="button" href="${s.href}" aria-label="${`Choose ${s.name}`}" data-nav>Choose</a>`}
</li>`,
)}
</ul>
</section>`;
  const steps = html`<div id="steps">${box("warning", v.warning)}${v.calendar && calendarSection(v.calendar)}${v.day && daySection(v.day, c)}${v.form && formSection(v.form, c)}</div>`;
  return layout("Book", c, html`${header}${services}${steps}`);
}

function calendarSection(cal: CalendarView): Html {
  const weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  const weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
  const cell = (d: DayCell | null) => {
    if (!d) return html`<td></td>`;
    if (!d.href) return html`<td><span class="day none" aria-label="${`${d.label}: no free times`}">${d.day}</span></td>`;
    const times = `${d.label}: ${d.freeCount} free ${d.freeCount === 1 ? "time" : "times"}`;
    return html`<td><a class="day" href="${d.href}" aria-label="${times}"${d.chosen ? html` aria-current="date"` : ""} data-nav>${d.day}</a></td>`;
  };
  return html`<section id="calendar" aria-labelledby="calendar-title">
<h2 id="calendar-title">Choose a day for ${cal.serviceName}</h2>
<nav class="months" aria-label="Months">${cal.previousHref ? html`<a href="${cal.previousHref}" data-nav>Previous month</a>` : html`<span></span>`}<strong>${cal.monthLabel}</strong>${cal.nextHref ? html`<a href="${cal.nextHref}" data-nav>Next month</a>` : html`<span></span>`}</nav>
<table class="month">
<caption class="visually-hidden">${cal.monthLabel}: days with free times are links</caption>
<thead><tr>${weekdays.map((d, i) => html`<th scope="col"><abbr title="${weekdayNames[i]!}">${d}</abbr></th>`)}</tr></thead>
<tbody>
${cal.weeks.map((w) => html`<tr>${w.map(cell)}</tr>`)}
</tbody>
</table>
${cal.empty && html`<p>No free times this month.${cal.nextHref ? " Please try the next month." : ""}</p>`}
</section>`;
}

function daySection(day: DayView, c: Chrome): Html {
  return html`<section id="times" aria-labelledby="times-title">
<h2 id="times-title">Free times on ${day.label}</h2>
${zoneNote(c)}
${
  day.times.length === 0
    ? html`<p>There are no free times on this day. Please choose another day.</p>`
    : html`<ul class="times">${day.times.map((t) => html`<li><a href="${t.href}"${t.chosen ? html` aria-current="true"` : ""} data-nav>${timeOf(t)}</a></li>`)}</ul>`
}
</section>`;
}

const FIELD_LABELS: Record<Field, string> = { name: "Your name", phone: "Mobile phone", email: "Email", promoCode: "Promo code", notes: "Notes for the business" };

function formSection(f: FormView, c: Chrome): Html {
  const errorOf = (field: Field | "start") => f.errors[field] && html`<p class="error" id="${`${field}-error`}">${f.errors[field]!}</p>`;
  const describedBy = (field: Field, hint?: string) => [f.errors[field] ? `${field}-error` : "", hint ?? ""].filter(Boolean).join(" ");
  const input = (field: Field, type: string, o: { required?: boolean; autocomplete?: string; hint?: string; hintText?: string } = {}) => {
    const ids = describedBy(field, o.hint);
    return html`<div class="field">
<label for="${field}">${FIELD_LABELS[field]}${o.required ? "" : html` <span class="muted">(optional)</span>`}</label>
${o.hint && html`<p class="hint" id="${o.hint}">${o.hintText}</p>`}
${errorOf(field)}
<input type="${type}" id="${field}" name="${field}" value="${f.values[field]}"${o.required ? html` required` : ""}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ""}${ids ? html` aria-describedby="${ids}"` : ""}${f.errors[field] ? html` aria-invalid="true"` : ""}>
</div>`;
  };
  const notesIds = describedBy("notes");
  const when = f.chosen
    ? html`<p><strong>${f.serviceName}</strong><br>${f.chosen.day}, ${timeOf(f.chosen.time)}</p>
<input type="hidden" name="start" value="${f.chosen.time.iso}">`
    : "";
  const schedule =
    f.schedule &&
    html`<h3>Your ${f.schedule.length} sessions</h3>
<ol class="schedule">${f.schedule.map((s) => html`<li><strong>${s.heading}</strong><br>${s.day}, ${timeOf(s.time)}</li>`)}</ol>`;
  const alternatives =
    f.alternatives &&
    (f.alternatives.length === 0
      ? html`<p>There are no free times near it. Please choose another day above.</p>`
      : html`<fieldset${f.errors.start ? html` aria-describedby="start-error"` : ""}>
<legend>The nearest free times</legend>
${errorOf("start")}
<div class="choices">
${f.alternatives.map((t, i) => html`<label for="${`alt-${i}`}"><input type="radio" id="${`alt-${i}`}" name="start" value="${t.time.iso}" required>${t.day}, ${timeOf(t.time)}</label>`)}
</div>
</fieldset>`);
  return html`<section id="details" aria-labelledby="details-title">
<h2 id="details-title">Your details</h2>
${box("warning", f.problem)}
<form method="post" action="${f.action}"${f.target ? html` target="${f.target}"` : ""} novalidate>
<input type="hidden" name="serviceId" value="${f.serviceId}">
${when}
${schedule}
${alternatives}
${zoneNote(c)}
${input("name", "text", { required: true, autocomplete: "name" })}
${input("phone", "tel", { required: true, autocomplete: "tel", hint: "phone-hint", hintText: "We text your confirmation here. Include the country code (e.g. +44) for a number from abroad." })}
${input("email", "email", { required: f.requireEmail, autocomplete: "email" })}
${input("promoCode", "text", { autocomplete: "off" })}
<div class="field">
<label for="notes">${FIELD_LABELS.notes} <span class="muted">(optional)</span></label>
${errorOf("notes")}
<textarea id="notes" name="notes" rows="3" maxlength="500"${notesIds ? html` aria-describedby="${notesIds}"` : ""}${f.errors.notes ? html` aria-invalid="true"` : ""}>${f.values.notes}</textarea>
</div>
${f.notes.map((n) => html`<p>${n}</p>`)}
<p class="policy">${f.policy}</p>
<div class="actions"><button type="submit">${f.submitLabel}</button></div>
</form>
</section>`;
}

export function confirmationPage(v: ConfirmationView): string {
  const plan = v.sessions.length > 1;
  const body = html`<header><p>${v.chrome.businessName}</p><h1>${v.title}</h1></header>
<div class="card notice" role="status"><p>${v.lead}</p></div>
<section aria-labelledby="booking">
<h2 id="booking">Your booking</h2>
<dl>
<dt>Service</dt><dd>${v.serviceName}</dd>
${!plan && html`<dt>When</dt><dd>${v.sessions[0]!.when}</dd><dt>Staff</dt><dd>${v.sessions[0]!.staff}</dd><dt>Status</dt><dd>${v.sessions[0]!.status}</dd>`}
<dt>Price</dt><dd>${v.price}</dd>
${v.address && html`<dt>Address</dt><dd>${v.address}</dd>`}
</dl>
${plan && html`<ol class="schedule">${v.sessions.map((s) => html`<li><strong>${s.heading}</strong><br>${s.when} · ${s.staff} · ${s.status}</li>`)}</ol>`}
<p class="muted">Times are in ${v.chrome.zone}.</p>
</section>
<section aria-labelledby="keep">
<h2 id="keep">Keep it handy</h2>
<ul class="links">
<li><a href="${v.calendarHref}" download>Add to calendar (.ics)</a></li>
${v.googleLinks.map((g) => html`<li><a href="${g.href}" target="_blank" rel="noopener noreferrer">${g.label}</a></li>`)}
<li><a href="${v.manageHref}"${v.manageTarget ? html` target="${v.manageTarget}"` : ""}>See, move or cancel your booking</a></li>
</ul>
<p class="muted">We also texted you this link.</p>
<p><a href="${v.chrome.home}">Book something else</a></p>
</section>`;
  return layout(v.title, v.chrome, body);
}

/** A page that only says something: an unknown business, a request we cannot read, too many tries. */
export function messagePage(title: string, text: string, back?: { href: string; label: string }): string {
  return layout(title, null, html`<header><h1>${title}</h1></header><section><p>${text}</p>${back && html`<p><a href="${back.href}">${back.label}</a></p>`}</section>`);
}

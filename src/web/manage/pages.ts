/**
 * The customer's manage pages (/m/<token>), server-rendered: plain HTML forms, no JavaScript, one
 * inline stylesheet. Each page takes a view of plain, already-worded strings; the routes build them.
 */
import { type Html, html, raw } from "../shared/html";
import { MANAGE_CSS } from "./styles";

export interface SessionView {
  id: string;
  /** A plan's session: "Consultation and fitting (session 1 of 3)"; null for a single booking. */
  heading: string | null;
  when: string;
  staff: string;
  status: string;
  /** Why the customer can no longer change it; null when they can. */
  whyNot: string | null;
  cancelHref: string;
  moveHref: string;
}

export interface BookingPageView {
  businessName: string;
  address: string | null;
  serviceName: string;
  /** The plan in a few words ("A plan of 3 sessions"); null for a single booking. */
  plan: string | null;
  zone: string;
  price: string;
  payment: string;
  sessions: SessionView[];
  /** What just happened (after a cancel or a move). */
  notice: string | null;
  calendarHref: string;
}

export interface CancelPageView {
  businessName: string;
  what: string;
  zone: string;
  /** The policy, then what cancelling now keeps and refunds: whole sentences. */
  terms: string[];
  warning: string | null;
  /** Set when it can no longer be cancelled: the form is not shown. */
  whyNot: string | null;
  postAction: string;
  session: string;
  nonce: string;
  backHref: string;
}

export interface TimeChoice {
  /** The UTC instant posted as `start`. */
  value: string;
  label: string;
  current: boolean;
}

export interface MovePageView {
  businessName: string;
  what: string;
  zone: string;
  warning: string | null;
  whyNot: string | null;
  session: string;
  nonce: string;
  /** YYYY-MM-DD, and the bounds the date field allows. */
  date: string;
  minDate: string;
  maxDate: string;
  dayLabel: string;
  times: TimeChoice[];
  getAction: string;
  postAction: string;
  previousDayHref: string | null;
  nextDayHref: string | null;
  backHref: string;
}

function layout(title: string, businessName: string | null, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${businessName ? `${title} · ${businessName}` : title}</title>
<style>${raw(MANAGE_CSS)}</style>
</head>
<body>
<main>
<header>${businessName && html`<p>${businessName}</p>`}<h1>${title}</h1></header>
${body}
</main>
</body>
</html>
`.value;
}

const box = (kind: "notice" | "warning", text: string | null) => text && html`<div class="card ${kind}" role="status"><p>${text}</p></div>`;

export function bookingPage(v: BookingPageView): string {
  const single = v.plan === null ? v.sessions[0] : undefined;
  const details = html`<section aria-labelledby="details">
<h2 id="details">Details</h2>
<dl>
<dt>Service</dt><dd>${v.serviceName}</dd>
${v.plan && html`<dt>Plan</dt><dd>${v.plan}</dd>`}
${single && html`<dt>When</dt><dd>${single.when}</dd><dt>Staff</dt><dd>${single.staff}</dd><dt>Status</dt><dd><span class="status">${single.status}</span></dd>`}
<dt>Price</dt><dd>${v.price}</dd>
<dt>Payment</dt><dd>${v.payment}</dd>
${v.address && html`<dt>Address</dt><dd>${v.address}</dd>`}
</dl>
<p class="muted">Times are in ${v.zone}.</p>
${single && sessionActions(single, "booking")}
</section>`;
  const sessions =
    v.plan !== null &&
    html`<section aria-labelledby="sessions">
<h2 id="sessions">Sessions</h2>
<ol class="sessions">
${v.sessions.map(
  (s) => html`<li>
<h3>${s.heading}</h3>
<p>${s.when}<br>Staff: ${s.staff}<br><span class="status">${s.status}</span></p>
${sessionActions(s, s.heading ?? "booking")}
</li>`,
)}
</ol>
</section>`;
  const calendar = html`<p><a href="${v.calendarHref}" download>Add to calendar (.ics)</a></p>`;
  return layout("Your booking", v.businessName, html`${box("notice", v.notice)}${details}${sessions}${calendar}`);
}

/** The Move and Cancel links, or why they are gone. `which` names the session for screen readers. */
function sessionActions(s: SessionView, which: string): Html {
  if (s.whyNot) return html`<p class="muted">${s.whyNot}</p>`;
  return html`<div class="actions">
<a class="button" href="${s.moveHref}" aria-label="${`Move ${which}`}">Move</a>
<a class="button" href="${s.cancelHref}" aria-label="${`Cancel ${which}`}">Cancel</a>
</div>`;
}

export function cancelPage(v: CancelPageView): string {
  const body = v.whyNot
    ? html`<section><p>${v.what}</p><p>${v.whyNot}</p><p><a href="${v.backHref}">Back to your booking</a></p></section>`
    : html`${box("warning", v.warning)}<section aria-labelledby="terms">
<h2 id="terms">Before you cancel</h2>
<p><strong>${v.what}</strong></p>
<p class="muted">Times are in ${v.zone}.</p>
${v.terms.map((t) => html`<p>${t}</p>`)}
<form method="post" action="${v.postAction}">
<input type="hidden" name="session" value="${v.session}">
<input type="hidden" name="nonce" value="${v.nonce}">
<div class="actions">
<button type="submit" class="danger">Cancel booking</button>
<a class="button" href="${v.backHref}">Keep my booking</a>
</div>
</form>
</section>`;
  return layout("Cancel your booking", v.businessName, body);
}

export function movePage(v: MovePageView): string {
  if (v.whyNot) {
    return layout("Move your booking", v.businessName, html`<section><p>${v.what}</p><p>${v.whyNot}</p><p><a href="${v.backHref}">Back to your booking</a></p></section>`);
  }
  const dayForm = html`<form method="get" action="${v.getAction}">
<input type="hidden" name="session" value="${v.session}">
<label for="date">Date</label>
<input type="date" id="date" name="date" value="${v.date}" min="${v.minDate}" max="${v.maxDate}" required>
<div class="actions"><button type="submit">Show free times</button></div>
</form>`;
  const nav = html`<nav class="days" aria-label="Nearby days">${v.previousDayHref ? html`<a href="${v.previousDayHref}">Previous day</a>` : html`<span></span>`}${v.nextDayHref && html`<a href="${v.nextDayHref}">Next day</a>`}</nav>`;
  const times =
    v.times.length === 0
      ? html`<p>There are no free times on ${v.dayLabel}. Please choose another day.</p>`
      : html`<form method="post" action="${v.postAction}">
<input type="hidden" name="session" value="${v.session}">
<input type="hidden" name="nonce" value="${v.nonce}">
<fieldset>
<legend>Free times on ${v.dayLabel}</legend>
<div class="times">
${v.times.map(
  (t, i) => html`<label for="${`time-${i}`}"><input type="radio" id="${`time-${i}`}" name="start" value="${t.value}" required>${t.label}${t.current ? " (your time now)" : ""}</label>`,
)}
</div>
</fieldset>
<div class="actions"><button type="submit">Move booking</button></div>
</form>`;
  const body = html`${box("warning", v.warning)}<section aria-labelledby="now">
<h2 id="now">Your booking now</h2>
<p>${v.what}</p>
<p class="muted">Times are in ${v.zone}.</p>
</section>
<section aria-labelledby="new">
<h2 id="new">Choose a new time</h2>
${dayForm}
${nav}
${times}
<p><a href="${v.backHref}">Keep my booking as it is</a></p>
</section>`;
  return layout("Move your booking", v.businessName, body);
}

/** A page that only says something: a link that leads nowhere, a request we cannot read. */
export function messagePage(title: string, text: string): string {
  return layout(title, null, html`<section><p>${text}</p></section>`);
}

/** A question answered by one button (a POST to `postAction`): the unsubscribe link's confirmation. */
export function confirmPage(title: string, text: string, button: { label: string; postAction: string }): string {
  return layout(
    title,
    null,
    html`<section><p>${text}</p><form method="post" action="${button.postAction}"><button type="submit">${button.label}</button></form></section>`,
  );
}

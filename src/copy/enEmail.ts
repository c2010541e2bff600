/** The English emails (src/copy/emailMessages.ts says what each is for). */
import type { AgendaItem, EmailBookingView, EmailContent, EmailCustomerView, EmailMessages, EmailSessionView } from "./emailMessages";
import { formatDay, formatPrice, formatWhen } from "./format";
import { DateTime } from "luxon";

export const enEmail: EmailMessages = {
  confirmed: (b, paid) =>
    customerMail(b, {
      subject: `Confirmed: ${what(b)}, ${firstWhen(b)}`,
      heading: "You're booked",
      paragraphs: [
        b.sessions.length > 1 ? `Your ${b.serviceName} sessions with ${b.businessName} are confirmed.` : `Your ${b.serviceName} with ${b.businessName} is confirmed.`,
        ...(paid ? [`Payment received: ${formatPrice(paid.cents, paid.currency)}. Thank you.`] : []),
        "The calendar invitation in this email adds it to your calendar, and keeps it up to date if anything changes.",
      ],
    }),
  requested: (b) =>
    customerMail(b, {
      subject: `Request received: ${what(b)}, ${firstWhen(b)}`,
      heading: "Request received",
      paragraphs: [`${b.businessName} confirms each booking by hand. We'll write again as soon as yours is confirmed.`],
    }),
  rejected: (b) =>
    customerMail(b, {
      subject: `Not available: ${what(b)}, ${firstWhen(b)}`,
      heading: "Sorry, we can't take this booking",
      paragraphs: [`${b.businessName} can't take your request for ${what(b)} on ${firstWhen(b)}. You're welcome to book another time.`],
    }),
  rescheduled: (b, previousStart) =>
    customerMail(b, {
      subject: `Moved: ${what(b)}, now ${firstWhen(b)}`,
      heading: "Your booking has moved",
      paragraphs: [`Your ${b.serviceName} has moved from ${formatWhen(previousStart, b.timezone)} to ${firstWhen(b)}. Your calendar entry is updated too.`],
    }),
  cancelled: (b, refund, byBusiness) =>
    customerMail(b, {
      subject: `Cancelled: ${what(b)}, ${firstWhen(b)}`,
      heading: "Booking cancelled",
      paragraphs: [
        byBusiness ? `Your ${what(b)} has been cancelled by ${b.businessName}.` : `Your ${what(b)} is cancelled, as you asked.`,
        ...(refund && refund.cents > 0 ? [`${formatPrice(refund.cents, refund.currency)} is on its way back to you. Refunds usually reach your card in 5 to 10 days.`] : []),
        "We've removed it from your calendar. We hope to see you another time.",
      ],
      actionLabel: "See your booking",
    }),
  expired: (b, reason) =>
    customerMail(b, {
      subject: `Not booked: ${what(b)}, ${firstWhen(b)}`,
      heading: reason === "approval_expired" ? "Your request could not be confirmed" : "Your hold has lapsed",
      paragraphs: [
        reason === "approval_expired"
          ? `Sorry, your request for ${what(b)} could not be confirmed in time.`
          : `The payment for ${what(b)} did not come through in time, so the time is free again.`,
        "You're welcome to book another time.",
      ],
      actionLabel: "See your booking",
    }),
  reminder: (b) =>
    customerMail(b, {
      subject: `Reminder: ${what(b)}, ${firstWhen(b)}`,
      heading: "See you soon",
      paragraphs: [`A reminder of your ${what(b)} with ${b.businessName}.`, "Can't make it? Move or cancel it with the button below."],
    }),
  feedback: (b, unsubscribeUrl) => ({
    ...customerMail(b, {
      subject: `How was your ${b.serviceName}?`,
      heading: `Thanks for coming in`,
      paragraphs: [`We hope you enjoyed your ${b.serviceName} at ${b.businessName}. How was it? We'd love to hear: just reply to this email.`],
      withManageLink: false,
      details: false,
    }),
    footer: [`You're getting this because you booked with ${b.businessName}.`, `Don't want emails like this? Unsubscribe: ${unsubscribeUrl}`],
  }),
  staffNewBooking: (b, customer, bookingUrl) =>
    staffMail(b, customer, {
      subject: `New booking: ${what(b)}, ${firstWhen(b)}, ${who(customer)}`,
      heading: "New booking",
      paragraphs: [`${who(customer)} booked ${what(b)}.`],
      action: { label: "Open the booking", url: bookingUrl },
    }),
  staffPendingApproval: (b, customer, links) => ({
    ...staffMail(b, customer, {
      subject: `To approve: ${what(b)}, ${firstWhen(b)}, ${who(customer)}`,
      heading: "A booking awaits your approval",
      paragraphs: [`${who(customer)} asks for ${what(b)}. It lapses if no one answers within a day, or when its time comes.`],
      action: { label: "Approve", url: links.approve },
    }),
    links: [{ label: "Reject", url: links.reject }],
  }),
  staffCancelled: (b, customer, bookingUrl, by) =>
    staffMail(b, customer, {
      subject: `Cancelled: ${what(b)}, ${firstWhen(b)}, ${who(customer)}`,
      heading: "Booking cancelled",
      paragraphs: [`${what(b)[0]!.toUpperCase()}${what(b).slice(1)} for ${who(customer)} was cancelled by ${by}. The time is free again.`],
      action: { label: "Open the booking", url: bookingUrl },
    }),
  agenda: (a) => ({
    subject: `${formatDay(a.day, a.timezone)}: ${a.items.length === 0 ? "no bookings" : a.items.length === 1 ? "1 booking" : `${a.items.length} bookings`}`,
    heading: `${a.staffName}, your day: ${formatDay(a.day, a.timezone)}`,
    paragraphs: a.items.length === 0 ? ["Nothing is booked for you today."] : [],
    details: a.items.map((item) => agendaLine(item, a.timezone)),
    action: { label: "Open today in the console", url: a.consoleUrl },
    footer: [`Your daily agenda from ${a.businessName}, sent at 07:00.`],
  }),
  staffNotice: (businessName, text, consoleUrl) => ({
    subject: text.length > 90 ? `${text.slice(0, 87)}...` : text,
    heading: "From a customer",
    paragraphs: [text],
    details: [],
    action: { label: "Open the console", url: consoleUrl },
    footer: [`A notice from Slotline to ${businessName}'s staff.`],
  }),
  unsubscribePage: (state, businessName) =>
    state === "confirm"
      ? { title: "Unsubscribe", text: `Stop emails from ${businessName} that are not about a booking (like feedback requests)? Confirmations and reminders still come.`, button: "Unsubscribe" }
      : state === "done"
        ? { title: "Unsubscribed", text: `You won't get emails from ${businessName} that are not about a booking. Confirmations and reminders still come.` }
        : { title: "Link not valid", text: "This unsubscribe link is not valid. Please use the link in the latest email." },
};

/** A customer's email: their name, the booking's details, and the manage link (`actionLabel` words its button; `withManageLink: false` leaves it out). */
function customerMail(b: EmailBookingView, mail: { subject: string; heading: string; paragraphs: string[]; withManageLink?: boolean; actionLabel?: string; details?: boolean }): EmailContent {
  return {
    subject: mail.subject,
    heading: mail.heading,
    paragraphs: b.customerName ? [`Hi ${b.customerName},`, ...mail.paragraphs] : mail.paragraphs,
    details: mail.details === false ? [] : bookingDetails(b),
    ...(mail.withManageLink !== false && { action: { label: mail.actionLabel ?? "Manage your booking", url: b.manageUrl } }),
    footer: [`You're getting this because you booked with ${b.businessName}.`],
  };
}

function staffMail(b: EmailBookingView, customer: EmailCustomerView, mail: { subject: string; heading: string; paragraphs: string[]; action: { label: string; url: string } }): EmailContent {
  return {
    subject: mail.subject,
    heading: mail.heading,
    paragraphs: mail.paragraphs,
    details: [
      ...bookingDetails(b),
      { label: "Customer", value: customer.name ?? "(no name given)" },
      { label: "Phone", value: customer.phone },
      ...(customer.email ? [{ label: "Email", value: customer.email }] : []),
      ...(customer.notes ? [{ label: "Notes", value: customer.notes }] : []),
    ],
    action: mail.action,
    footer: [`A notice from Slotline to ${b.businessName}'s staff.`],
  };
}

function bookingDetails(b: EmailBookingView): { label: string; value: string }[] {
  const staff = [...new Set(b.sessions.map((s) => s.staffName))];
  return [
    { label: "What", value: b.serviceName },
    ...(b.sessions.length === 1
      ? [{ label: "When", value: formatWhen(b.sessions[0]!.start, b.timezone) }]
      : b.sessions.map((s, i) => ({ label: `Session ${s.sessionNumber ?? i + 1}`, value: formatWhen(s.start, b.timezone) }))),
    { label: "With", value: staff.join(", ") },
    { label: "Where", value: b.address ? `${b.businessName}, ${b.address}` : b.businessName },
  ];
}

function agendaLine(item: AgendaItem, timezone: string): { label: string; value: string } {
  const time = `${DateTime.fromISO(item.start, { zone: timezone }).toFormat("HH:mm")}-${DateTime.fromISO(item.end, { zone: timezone }).toFormat("HH:mm")}`;
  const status = item.status === "confirmed" ? "" : ` (${item.status.replace(/_/g, " ")})`;
  return { label: time, value: `${item.serviceName}: ${item.customerName ?? item.customerPhone}${status}` };
}

/** "Haircut", or "Physio (session 2 of 6)" for one session of a plan. */
function what(b: EmailBookingView): string {
  const first: EmailSessionView | undefined = b.sessions[0];
  if (b.sessions.length === 1 && first?.sessionNumber && first.totalSessions && first.totalSessions > 1) return `${b.serviceName} (session ${first.sessionNumber} of ${first.totalSessions})`;
  return b.serviceName;
}

function firstWhen(b: EmailBookingView): string {
  const when = formatWhen(b.sessions[0]!.start, b.timezone);
  return b.sessions.length > 1 ? `from ${when}` : when;
}

function who(customer: EmailCustomerView): string {
  return customer.name ?? customer.phone;
}

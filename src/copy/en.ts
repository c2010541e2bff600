/**
 * English. GSM-7 only, and one SMS segment where possible (test/copy/gsm7Replies.test.ts).
 * Every sentence is written whole here; where a text has variants, each is its own sentence.
 */
import { discounted } from "../booking/pricing";
import { enEmail } from "./enEmail";
import { enReceptionist } from "./enReceptionist";
import { formatDay, formatDayMonth, formatDuration, formatHours, formatPrice, formatWhen, numbered } from "./format";
import type { Unbookable } from "../booking/availability";
import type { BookingView, CatalogView, Messages, NoticeBooking, OnlineBookingView, PackageView, PaymentLinkView, ServiceView, SlotView } from "./messages";

const services = (catalog: CatalogView) => numbered(catalog.services.map((s) => s.name));
const times = (catalog: CatalogView, offers: SlotView[]) => numbered(offers.map((o) => formatWhen(o.start, catalog.timezone)));
const staffName = (catalog: CatalogView, slot: SlotView) => catalog.staffNames[slot.staffId] ?? "our team";
const at = (date: Date, timezone: string) => formatWhen(date.toISOString(), timezone);

export const en: Messages = {
  email: enEmail,
  ...enReceptionist,

  greeting: (catalog) => `Hi! This is ${catalog.businessName}. What would you like to book?\n${services(catalog)}`,
  chooseService: (catalog, serviceIds) => `Which one do you mean?\n${numbered(serviceIds.map((id) => catalog.services.find((s) => s.id === id)?.name ?? id))}`,
  notUnderstoodService: (catalog) => `Sorry, I didn't catch the service. Reply with a number:\n${services(catalog)}`,
  askDate: (service, sessionNumber, count) =>
    sessionNumber && count && count > 1
      ? `${service.name}: what day and time would you like for session ${sessionNumber} of ${count}? (e.g. "tomorrow at 3pm")`
      : `${service.name}: what day and time would you like? (e.g. "tomorrow at 3pm")`,
  askCount: (service, remaining) => `${service.name}: how many sessions would you like to book now? (1-${remaining})`,
  badCount: (remaining) => `Please reply with a number from 1 to ${remaining}.`,
  timeTakenOffers: (catalog, offers) => `That time isn't free. Nearest free times:\n${times(catalog, offers)}\nReply with a number, or another day.`,
  freeTimes: (catalog, offers) => `Free times:\n${times(catalog, offers)}\nReply with a number, or another day.`,
  noTimes: (service) => `Sorry, there are no free times for ${service.name} then. Which other day suits you?`,
  notOffered(catalog, refused, offers) {
    const why = unbookableReason(catalog, refused.start, refused.why);
    if (offers.length === 0) return `${why} Which other day suits you?`;
    // The reason takes the room offerTimes' closing line would: the numbers say how to answer.
    return `${why} Nearest free times:\n${times(catalog, offers)}`;
  },
  whichService: (catalog) => `Sorry, I'm not sure which service you mean. Reply with a number:\n${services(catalog)}`,
  askDateAgain: (service) => `Which day and time would suit you for ${service.name}? For example "Friday at 3pm".`,
  whichDate(catalog, written, [a, b]) {
    const tz = catalog.timezone;
    return `Did you mean ${formatDay(a, tz)} or ${formatDay(b, tz)} by ${written}? Please write the month, e.g. "${formatDayMonth(b, tz)}".`;
  },
  pickFromOffers: () => "Sorry, which one? Reply with its number, or tell me another day or time.",
  summary: (catalog, service, sessions, opts) => summary(catalog, service, sessions, opts),
  promo: (code, percentOff) => (percentOff === null ? `Sorry, the code ${code} isn't valid or has run out.` : `Code ${code}: ${percentOff}% off your booking.`),
  promoGone: (code) => `Sorry, the code ${code} has just run out, so here is the full price.`,
  askYesNo: () => 'Please reply "yes" to book it or "no" to choose another time.',
  declined: () => "No problem. What other day or time would suit you?",
  booked: (catalog, service, bookings, remainingAfter, payment, pass) => booked(catalog, service, bookings, remainingAfter, payment, pass),
  manageLink: (url) => `Manage your booking: ${url}`,
  askEmail: () => "What's your email? Reply with it and we'll send your booking details and a calendar invite.",
  emailSaved: (email, sent) =>
    sent > 0 ? `Thanks! Your booking details are on their way to ${email}.` : `Thanks! We'll send booking emails to ${email}.`,
  planIncomplete: (_catalog, service, missing) =>
    `Sorry, I couldn't fit session ${missing} of ${service.name} within our booking window. Please try an earlier first date, or call us.`,
  notBooked(catalog, reason, offers, failedStart) {
    const which = failedStart ? formatWhen(failedStart, catalog.timezone) : "that time";
    const why = reason === "taken" ? `Sorry, ${which} was just taken.` : `Sorry, ${which} can no longer be booked.`;
    if (offers.length === 0) return `${why} Which other day suits you?`;
    return `${why} Nearest free times:\n${times(catalog, offers)}\nReply with a number, or another day.`;
  },
  sequentialWaiting(catalog, service, plan) {
    const then = `We'll invite you to book session ${plan.booked + 1} of ${plan.totalSessions} of ${service.name} once that one is done.`;
    if (!plan.nextUpcoming) return then;
    return `Your session ${plan.booked} is on ${formatWhen(plan.nextUpcoming, catalog.timezone)}. ${then}`;
  },
  planFinished: (service) => `All sessions of your ${service.name} plan are already booked. Reply "my bookings" to see them.`,
  inviteNext: (_catalog, service, sessionNumber, total) =>
    `Session ${sessionNumber - 1} of ${total} done - when would you like session ${sessionNumber} of ${service.name}? (e.g. "next Tuesday at 10")`,
  bookingsList(catalog, bookings) {
    if (bookings.length === 0) return "You have no upcoming bookings. Reply with a service to book one.";
    return `Your upcoming bookings:\n${bookings.map((b) => `- ${en.describeBooking(catalog, b)}`).join("\n")}`;
  },
  noBookingsTo: (action) => (action === "cancel" ? "You have no upcoming bookings to cancel." : "You have no upcoming bookings to move."),
  whichBooking(catalog, bookings, action) {
    const choices = numbered(bookings.map((b) => en.describeBooking(catalog, b)));
    return action === "cancel" ? `Which booking would you like to cancel?\n${choices}` : `Which booking would you like to move?\n${choices}`;
  },
  confirmCancel(catalog, booking) {
    const what = en.describeBooking(catalog, booking);
    return [`Cancel ${what}?`, ...cancelTerms(booking), "(yes/no)"].join(" ");
  },
  confirmCancelAgain: () => 'Please reply "yes" to cancel it or "no" to keep it.',
  cancelled(catalog, booking) {
    const terms = booking.cancellation;
    return [
      `Cancelled: ${en.describeBooking(catalog, booking)}.`,
      ...(terms && terms.refundCents > 0 ? [`${formatPrice(terms.refundCents, terms.currency)} is on its way back to you.`] : []),
      ...(booking.packageCredit === "returned" ? ["The session is back on your pass."] : []),
      "Reply any time to book again.",
    ].join(" ");
  },
  cannotCancelByText: () => "Sorry, that booking can no longer be cancelled by text. Please call us.",
  keptBooking: () => "Okay, your booking stays as it is.",
  askNewTime: (catalog, booking) => `Moving ${en.describeBooking(catalog, booking)}. What day and time would you like instead?`,
  confirmMove: (catalog, booking, to) => `Move ${en.describeBooking(catalog, booking)} to ${formatWhen(to.start, catalog.timezone)}? (yes/no)`,
  moved: (catalog, booking) => `Done: ${en.describeBooking(catalog, booking)}. See you then!`,
  rescheduleRequired: (catalog, booking) => `Sorry, we can no longer see you for ${en.describeBooking(catalog, booking)}. What other day and time would suit you?`,
  startOver: (catalog) => `Okay, let's start again. What would you like to book?\n${services(catalog)}`,
  restarted: (catalog) => `Welcome back! Let's start fresh. What would you like to book?\n${services(catalog)}`,
  backup(catalog, outcome) {
    const tz = catalog.timezone;
    switch (outcome.kind) {
      case "no_booking":
        return "You have no upcoming booking to give a backup time for. What would you like to book?";
      case "needs_time":
        return `What backup time would suit you, in case we can't see you at ${at(outcome.booking.startAt, tz)}? (e.g. "backup Friday 4pm")`;
      case "same_time":
        return 'That\'s the time you\'re already booked for. Text another day and time as your backup, e.g. "backup Friday 4pm".';
      case "not_free":
        return `Sorry, ${at(outcome.wanted, tz)} isn't available. Text another backup time, e.g. "backup Friday 4pm".`;
      case "saved":
        return `Noted: if we ever can't see you at ${at(outcome.booking.startAt, tz)}, we'll move you to ${at(outcome.backupStart, tz)} and let you know.`;
    }
  },
  failed: () => "Sorry, something went wrong on our side. Please try again in a moment.",
  planGapOffers(catalog, gap, offers) {
    const day = formatDay(gap.firstDay, catalog.timezone);
    const gapDays = formatDuration(gap.minGapDays * 24 * 60);
    return `Session ${gap.sessionNumber} can be booked from ${day}, ${gapDays} after session ${gap.previousSessionNumber}. Nearest free times:\n${times(catalog, offers)}`;
  },
  describeBooking(catalog, booking) {
    const name = catalog.services.find((s) => s.id === booking.serviceId)?.name ?? "Booking";
    const when = formatWhen(booking.start, catalog.timezone);
    const what = booking.sessionNumber && booking.totalSessions ? `${name} (session ${booking.sessionNumber} of ${booking.totalSessions}), ${when}` : `${name}, ${when}`;
    if (booking.status === "pending_approval") return `${what} - awaiting approval`;
    if (booking.status === "pending_payment") return `${what} - awaiting payment`;
    return what;
  },
  sessionLabel(plan, n) {
    const label = plan.sessionLabels?.[n - 1];
    return label ? `${label} (session ${n} of ${plan.totalSessions})` : `session ${n} of ${plan.totalSessions}`;
  },
  packageLeft: (pass) => `${pass.remaining} of ${pass.total} sessions left on your pass.`,

  help: () => 'Text me to book, move or cancel, e.g. "haircut tomorrow at 3pm", "my bookings", "reschedule", "cancel", "backup Fri 4pm", "start over". Reply STOP to opt out.',
  optedBackIn: () => "You're subscribed again. What would you like to book?",
  mediaOnly: () => "Sorry, I can only read text. Please type your answer.",
  welcomeBack: () => "It's been a while, so let's start fresh.",

  approved: (b) => `Good news: your ${noticeWhat(b)} is confirmed. See you then!`,
  rejected: (b) => `Sorry, we can't take your ${noticeWhat(b)}. Reply with another day or time to book again.`,
  cancelledByBusiness: (b) => `Your ${noticeWhat(b)} has been cancelled by the business. Reply to book another time.`,
  cancelledByBusinessRefunded: (b, refund) =>
    `Your ${noticeWhat(b)} has been cancelled by the business. Reply to book another time. ${formatPrice(refund.cents, refund.currency)} is on its way back to you.`,
  rescheduledByBusiness: (b, from) =>
    `Your ${b.serviceName} has moved from ${at(from, b.timezone)} to ${at(b.start, b.timezone)}. Reply "reschedule" if that doesn't suit you.`,
  movedToBackup: (b, from) => `We can no longer see you at ${at(from, b.timezone)}, so your ${b.serviceName} is moved to your backup time: ${at(b.start, b.timezone)}.`,
  reminder: (b) => `Reminder: ${noticeWhat(b)}. Reply "reschedule" or "cancel" if you need to.`,
  feedback: (b) => `Thanks for coming in for your ${b.serviceName}! How was it? Reply with a score from 1 to 5.`,
  holdExpired: (held) =>
    held.length === 1
      ? `Your hold on ${noticeWhat(held[0]!)} has lapsed and the time is free again. Reply to book again.`
      : `Your hold on ${held[0]!.serviceName} has lapsed and these times are free again:\n${held.map((b) => at(b.start, b.timezone)).join("\n")}\nReply to book again.`,
  approvalExpired: (b) => `Sorry, your request for ${noticeWhat(b)} could not be confirmed in time. Reply to book another time.`,

  bookedOnline: (b) => bookedOnline(b),

  paymentReceived(paid) {
    const when = paid.starts.map((s) => formatWhen(s, paid.timezone));
    if (when.length > 1) return `Payment received. You're booked: ${paid.serviceName}\n${when.join("\n")}\nSee you then!`;
    if (paid.pass) return `Payment received. You're booked: ${paid.serviceName}, ${when[0]}. ${en.packageLeft(paid.pass)} See you then!`;
    return `Payment received. You're booked: ${paid.serviceName}, ${when[0]}. See you then!`;
  },
  paidAfterCancel: (booking, refund) =>
    `Your ${booking.serviceName} on ${formatWhen(booking.start, booking.timezone)} was cancelled before your payment came through, so we've refunded ${formatPrice(refund.cents, refund.currency)} in full. Reply any time to book again.`,
  refundedCancelledSessions(cancelled, refund) {
    const when = cancelled.starts.map((s) => formatWhen(s, cancelled.timezone)).join(", ");
    const amount = formatPrice(refund.cents, refund.currency);
    return cancelled.starts.length === 1
      ? `You had cancelled the session on ${when} before paying, so we've refunded ${amount} for it.`
      : `You had cancelled the sessions on ${when} before paying, so we've refunded ${amount} for them.`;
  },
  paidTooLate(booking, refund) {
    const head = `Sorry! Your payment came after the hold ran out and ${formatWhen(booking.start, booking.timezone)} was taken. We've refunded ${formatPrice(refund.cents, refund.currency)} in full.`;
    if (booking.nearest.length === 0) return `${head} Reply with another day to book again.`;
    return `${head} Nearest free times:\n${numbered(booking.nearest.map((s) => formatWhen(s, booking.timezone)))}\nReply with another day or time to book.`;
  },
  paymentLinkExpired: () => "Your payment link expired, so the time was released. Reply any time to book again.",
  paymentProcessing: (b) =>
    `Thanks! Your payment for ${b.serviceName}, ${b.starts.map((s) => formatWhen(s, b.timezone)).join(", ")} is on its way. Bank payments take a few days: we hold the time until it arrives.`,
  delayedPaymentFailed: (b) =>
    `Sorry, your bank payment for ${b.serviceName}, ${b.starts.map((s) => formatWhen(s, b.timezone)).join(", ")} did not go through, so the time was released. Reply any time to book again.`,
  paymentLinkFollows: () => "Your payment link follows in a moment.",
  paymentLinkLater: (url) => `Your payment link:\n${url}`,
  choicePrompt: () => "Please choose:",
  choiceListButton: () => "Choose",
  yesButton: () => "Yes",
  noButton: () => "No",
  paymentPageTitle: (page) => (page === "paid" ? "Payment received" : "Payment not completed"),
  paymentPageText: (page) =>
    page === "paid"
      ? "Thank you! We'll text you in a moment to confirm your booking."
      : "Nothing was charged. Your time stays held for a little while: open the link in our message to pay, or reply to our text to choose another time.",
};

/** The opening sentence for a time that cannot be booked: "Sorry, we're open 09:00-17:00 on Mon 7 Dec." */
function unbookableReason(catalog: CatalogView, start: string, why: Unbookable): string {
  const when = formatWhen(start, catalog.timezone);
  const day = formatDay(start, catalog.timezone);
  switch (why.kind) {
    case "past":
      return `Sorry, ${when} has already passed.`;
    case "too_soon": {
      const notice = formatDuration(why.minNoticeMinutes);
      return notice.endsWith("s") ? `Sorry, ${when} is too soon: we need ${notice}' notice.` : `Sorry, ${when} is too soon: we need ${notice}'s notice.`;
    }
    case "too_far":
      return `Sorry, we book up to ${why.maxAdvanceDays} days ahead.`;
    case "closed_day":
      return `Sorry, we're closed on ${day}.`;
    case "closed_hours":
      return `Sorry, we're open ${why.open.map(formatHours).join(" and ")} on ${day}.`;
    case "taken":
      return "That time isn't free.";
  }
}

function summary(catalog: CatalogView, service: ServiceView, sessions: SlotView[], opts: { firstSessionNumber: number; percentOff?: number }): string {
  const unit = discounted(service.priceCents, opts.percentOff);
  const price = (n: number) => {
    if (opts.percentOff) return unit === 0 ? `free with your ${opts.percentOff}% code` : `${formatPrice(unit * n, service.currency)} with your ${opts.percentOff}% code`;
    return unit === 0 ? "free" : formatPrice(unit * n, service.currency);
  };
  const withStaff = (s: SlotView) => `${formatWhen(s.start, catalog.timezone)} with ${staffName(catalog, s)}`;
  const plan = { sessionLabels: service.plan?.sessionLabels ?? null, totalSessions: service.plan?.totalSessions ?? sessions.length };
  // Capitalized to open a line; lower case inside a sentence.
  const title = (i: number) => {
    const label = en.sessionLabel(plan, opts.firstSessionNumber + i);
    return `${label[0]!.toUpperCase()}${label.slice(1)}`;
  };

  if (service.packageSessions && sessions.length === 1) {
    const when = withStaff(sessions[0]!);
    const credits = catalog.packageCredits[service.id] ?? 0;
    if (credits === 1) return `${service.name}: ${when}, using the last session left on your pass. Book it? (yes/no)`;
    if (credits > 0) return `${service.name}: ${when}, using 1 of the ${credits} sessions left on your pass. Book it? (yes/no)`;
    return `${service.name}: a pass of ${service.packageSessions} sessions for ${price(service.packageSessions)}, paid once. First session: ${when}. Book it? (yes/no)`;
  }
  if (sessions.length === 1) {
    const what = service.plan ? `${service.name}, ${title(0).toLowerCase()}` : service.name;
    const when = withStaff(sessions[0]!);
    return service.priceCents > 0 ? `${what}: ${when}, ${price(1)}. Book it? (yes/no)` : `${what}: ${when}. Book it? (yes/no)`;
  }
  const lines = sessions.map((s, i) => `${title(i)}: ${withStaff(s)}`).join("\n");
  if (service.priceCents > 0) {
    return `${service.name} (${formatPrice(unit, service.currency)} each, ${price(sessions.length)} in all):\n${lines}\nBook all ${sessions.length}? (yes/no)`;
  }
  return `${service.name}:\n${lines}\nBook all ${sessions.length}? (yes/no)`;
}

function booked(catalog: CatalogView, service: ServiceView, bookings: BookingView[], remainingAfter: number | null, payment?: PaymentLinkView, pass?: PackageView): string {
  const when = bookings.map((b) => formatWhen(b.start, catalog.timezone));
  if (payment) {
    // The contract: the raw Checkout URL on its own line.
    const amount = formatPrice(payment.amountCents, payment.currency);
    const packageNote = pass ? ` ${en.packageLeft(pass)}` : "";
    if (when.length === 1) return `Held for you for ${payment.holdMinutes} minutes: ${service.name}, ${when[0]}.${packageNote} Pay ${amount} to confirm:\n${payment.url}`;
    return `Held for you for ${payment.holdMinutes} minutes: ${service.name}:\n${when.join("\n")}${packageNote}\nPay ${amount} to confirm:\n${payment.url}`;
  }
  const pending = bookings[0]?.status === "pending_approval";
  const head = pending
    ? when.length === 1
      ? `Request received: ${service.name}, ${when[0]}.`
      : `Request received: ${service.name}:\n${when.join("\n")}\n`
    : when.length === 1
      ? `Booked: ${service.name}, ${when[0]}.`
      : `Booked: ${service.name}:\n${when.join("\n")}\n`;
  const notes = afterBooking(catalog, service, bookings, remainingAfter, pending, pass);
  return when.length === 1 ? `${head} ${notes.join(" ")}` : `${head}${notes.join(" ")}`;
}

/** The whole sentences said after a booking is made: approval, payment, the plan's next step, goodbye. */
function afterBooking(catalog: CatalogView, service: ServiceView, bookings: BookingView[], remainingAfter: number | null, pending: boolean, pass?: PackageView): string[] {
  const notes: string[] = [];
  if (pending) notes.push("We'll confirm once the team approves it.");
  if (pass) notes.push(en.packageLeft(pass));
  else if (bookings.some((b) => (b.priceCents ?? service.priceCents) > 0) && !catalog.paymentsByLink) notes.push("Payment is at the appointment.");
  const plan = service.plan;
  if (plan?.strategy === "sequential" && remainingAfter !== null && remainingAfter > 0) {
    notes.push(`We'll invite you to book session ${plan.totalSessions - remainingAfter + 1} once this one is done.`);
  }
  if (plan?.strategy === "flexible" && remainingAfter !== null) {
    notes.push(`${plan.totalSessions - remainingAfter} of ${plan.totalSessions} booked, ${remainingAfter} remaining.`);
  }
  if (!pending) notes.push("See you then!");
  return notes;
}

/** What cancelling would keep and give back, and what becomes of a pass session: whole sentences. */
function cancelTerms(booking: BookingView): string[] {
  const terms = booking.cancellation;
  const sentences: string[] = [];
  if (terms && terms.feeCents > 0) {
    sentences.push(`It's within our late-cancellation window: ${formatPrice(terms.feeCents, terms.currency)} is kept and ${formatPrice(terms.refundCents, terms.currency)} refunded.`);
  } else if (terms) {
    sentences.push(`You'll get ${formatPrice(terms.refundCents, terms.currency)} back in full.`);
  }
  if (booking.packageCredit === "used") sentences.push("It's within our late-cancellation window, so the session on your pass is used.");
  if (booking.packageCredit === "returned") sentences.push("The session goes back on your pass.");
  return sentences;
}

/** Named by the business (the text may come from a number the customer never wrote to), with the manage link last. */
function bookedOnline(b: OnlineBookingView): string {
  const when = formatWhen(b.starts[0]!, b.timezone);
  const what = b.starts.length > 1 ? `${b.serviceName}, ${b.starts.length} sessions from ${when}` : `${b.serviceName}, ${when}`;
  if (b.status === "pending_payment") return `${b.businessName}: ${what} held ${b.holdMinutes ?? 30} min until paid. Manage: ${b.manageUrl}`;
  if (b.status === "pending_approval") return `${b.businessName}: ${what} requested, we'll confirm by text. Manage: ${b.manageUrl}`;
  return `${b.businessName}: ${what} is booked. See you then! Manage: ${b.manageUrl}`;
}

function noticeWhat(b: NoticeBooking): string {
  const when = at(b.start, b.timezone);
  return b.sessionNumber && b.totalSessions ? `${b.serviceName} (session ${b.sessionNumber} of ${b.totalSessions}), ${when}` : `${b.serviceName}, ${when}`;
}

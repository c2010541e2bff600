/** Every sentence the bot says, as pure functions of what it knows. GSM-7 only, and one SMS segment where possible (test/copy/gsm7Replies.test.ts). */
import { DateTime } from "luxon";
import { sessionLabel } from "../booking/plans";
import { discounted } from "../payments/promoCodes";
import type { Unbookable } from "../booking/availability";
import type { BackupOutcome } from "../booking/backupTime";
import { formatClockTime } from "../booking/time";
import type { LocalDate } from "./parser/types";
import type { BookingSummary, Catalog, CatalogService, FindTimesOutput, PaymentLink, SlotOffer } from "./types";

export function formatWhen(iso: string, timezone: string): string {
  return DateTime.fromISO(iso, { zone: timezone }).toFormat("ccc d LLL, HH:mm");
}

export function formatPrice(cents: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(cents / 100);
}

/** The contract's numbered choices: each on its own line, starting with its number and ")". */
export function numbered(lines: string[]): string {
  return lines.map((line, i) => `${i + 1}) ${line}`).join("\n");
}

/** What a pass still holds, said after each booking that draws on it: "2 of 3 sessions left on your pass." */
export function passLeft(pass: { remaining: number; total: number }): string {
  return `${pass.remaining} of ${pass.total} sessions left on your pass.`;
}

export function serviceOf(catalog: Catalog, serviceId: string | null): CatalogService | undefined {
  return catalog.services.find((s) => s.id === serviceId);
}

export const reply = {
  greeting(catalog: Catalog): string {
    return `Hi! This is ${catalog.businessName}. What would you like to book?\n${numbered(catalog.services.map((s) => s.name))}`;
  },
  chooseService(catalog: Catalog, serviceIds: string[]): string {
    return `Which one do you mean?\n${numbered(serviceIds.map((id) => serviceOf(catalog, id)?.name ?? id))}`;
  },
  notUnderstoodService(catalog: Catalog): string {
    return `Sorry, I didn't catch the service. Reply with a number:\n${numbered(catalog.services.map((s) => s.name))}`;
  },
  askDate(service: CatalogService, sessionNumber?: number, count?: number): string {
    const which = sessionNumber && count && count > 1 ? ` for session ${sessionNumber} of ${count}` : "";
    return `${service.name}: what day and time would you like${which}? (e.g. "tomorrow at 3pm")`;
  },
  askCount(service: CatalogService, remaining: number): string {
    return `${service.name}: how many sessions would you like to book now? (1-${remaining})`;
  },
  badCount(remaining: number): string {
    return `Please reply with a number from 1 to ${remaining}.`;
  },
  offerTimes(catalog: Catalog, offers: SlotOffer[], intro: string): string {
    return `${intro}\n${numbered(offers.map((o) => formatWhen(o.start, catalog.timezone)))}\nReply with a number, or another day.`;
  },
  noTimes(service: CatalogService): string {
    return `Sorry, there are no free times for ${service.name} then. Which other day suits you?`;
  },
  /**
   * A wanted time that cannot be booked, with the real reason (closed then, too soon, too far ahead,
   * passed, taken) and the nearest free times, or a question for another day when there are none.
   */
  notOffered(catalog: Catalog, refused: { start: string; why: Unbookable }, offers: SlotOffer[]): string {
    const why = unbookableReason(catalog, refused.start, refused.why);
    if (offers.length === 0) return `${why} Which other day suits you?`;
    // The reason takes the room offerTimes' closing line would: the numbers say how to answer.
    return `${why} Nearest free times:\n${numbered(offers.map((o) => formatWhen(o.start, catalog.timezone)))}`;
  },
  /** The customer named a kind of service we may not offer ("driving lessons" at a salon). */
  whichService(catalog: Catalog): string {
    return `Sorry, I'm not sure which service you mean. Reply with a number:\n${numbered(catalog.services.map((s) => s.name))}`;
  },
  /** The day question, said again in other words (after a reaction that answered nothing). */
  askDateAgain(service: CatalogService): string {
    return `Which day and time would suit you for ${service.name}? For example "Friday at 3pm".`;
  },
  /** "3/4" from a country that writes dates both ways. */
  whichDate(catalog: Catalog, written: string, readings: [LocalDate, LocalDate]): string {
    const [a, b] = readings.map((d) => DateTime.fromObject(d, { zone: catalog.timezone }).toFormat("ccc d LLL"));
    return `Did you mean ${a} or ${b} by ${written}? Please write the month, e.g. "${DateTime.fromObject(readings[1], { zone: catalog.timezone }).toFormat("d LLL")}".`;
  },
  pickFromOffers(): string {
    return "Sorry, which one? Reply with its number, or tell me another day or time.";
  },
  summary(catalog: Catalog, service: CatalogService, sessions: SlotOffer[], opts: { firstSessionNumber: number; percentOff?: number }): string {
    const staff = (s: SlotOffer) => catalog.staffNames[s.staffId] ?? "our team";
    const unit = discounted(service.priceCents, opts.percentOff);
    const price = (n: number) => (unit === 0 ? "free" : formatPrice(unit * n, service.currency)) + (opts.percentOff ? ` with your ${opts.percentOff}% code` : "");
    const plan = service.plan;
    const label = (i: number) => {
      const text = sessionLabel({ sessionLabels: plan?.sessionLabels ?? null, totalSessions: plan?.totalSessions ?? sessions.length }, opts.firstSessionNumber + i);
      return `${text[0]!.toUpperCase()}${text.slice(1)}`;
    };
    if (service.packageSessions && sessions.length === 1) {
      const s = sessions[0]!;
      const credits = catalog.passCredits[service.id] ?? 0;
      const when = `${formatWhen(s.start, catalog.timezone)} with ${staff(s)}`;
      const using = credits === 1 ? "the last session left" : `1 of the ${credits} sessions left`;
      if (credits > 0) return `${service.name}: ${when}, using ${using} on your pass. Book it? (yes/no)`;
      return `${service.name}: a pass of ${service.packageSessions} sessions for ${price(service.packageSessions)}, paid once. First session: ${when}. Book it? (yes/no)`;
    }
    if (sessions.length === 1) {
      const s = sessions[0]!;
      const what = plan ? `${service.name}, ${label(0).toLowerCase()}` : service.name;
      const cost = service.priceCents > 0 ? `, ${price(1)}` : "";
      return `${what}: ${formatWhen(s.start, catalog.timezone)} with ${staff(s)}${cost}. Book it? (yes/no)`;
    }
    const lines = sessions.map((s, i) => `${label(i)}: ${formatWhen(s.start, catalog.timezone)} with ${staff(s)}`);
    const cost = service.priceCents > 0 ? ` (${formatPrice(unit, service.currency)} each, ${price(sessions.length)} in all)` : "";
    return `${service.name}${cost}:\n${lines.join("\n")}\nBook all ${sessions.length}? (yes/no)`;
  },
  promo(code: string, percentOff: number | null): string {
    return percentOff === null ? `Sorry, the code ${code} isn't valid or has run out.` : `Code ${code}: ${percentOff}% off your booking.`;
  },
  promoGone(code: string): string {
    return `Sorry, the code ${code} has just run out, so here is the full price.`;
  },
  askYesNo(): string {
    return 'Please reply "yes" to book it or "no" to choose another time.';
  },
  declined(): string {
    return "No problem. What other day or time would suit you?";
  },
  booked(catalog: Catalog, service: CatalogService, bookings: BookingSummary[], remainingAfter: number | null, payment?: PaymentLink, pass?: { remaining: number; total: number }): string {
    const when = bookings.map((b) => formatWhen(b.start, catalog.timezone));
    const passNote = pass ? ` ${passLeft(pass)}` : "";
    if (payment) {
      const what = when.length === 1 ? `${service.name}, ${when[0]}.` : `${service.name}:\n${when.join("\n")}`;
      // The contract: the raw Checkout URL on its own line.
      const pay = `Pay ${formatPrice(payment.amountCents, payment.currency)} to confirm:\n${payment.url}`;
      return `Held for you for ${payment.holdMinutes} minutes: ${what}${passNote}${when.length === 1 ? " " : "\n"}${pay}`;
    }
    const pending = bookings[0]?.status === "pending_approval";
    const head = `${pending ? "Request received" : "Booked"}: ${service.name}`;
    const notes: string[] = [];
    if (pending) notes.push("We'll confirm once the team approves it.");
    if (pass) notes.push(passNote.trim());
    else if (bookings.some((b) => (b.priceCents ?? service.priceCents) > 0) && !catalog.paymentsByLink) notes.push("Payment is at the appointment.");
    const plan = service.plan;
    if (plan?.strategy === "sequential" && remainingAfter !== null && remainingAfter > 0) {
      notes.push(`We'll invite you to book session ${plan.totalSessions - remainingAfter + 1} once this one is done.`);
    }
    if (plan?.strategy === "flexible" && remainingAfter !== null) {
      notes.push(`${plan.totalSessions - remainingAfter} of ${plan.totalSessions} booked, ${remainingAfter} remaining.`);
    }
    if (!pending) notes.push("See you then!");
    return when.length === 1 ? `${head}, ${when[0]}. ${notes.join(" ")}` : `${head}:\n${when.join("\n")}\n${notes.join(" ")}`;
  },
  planIncomplete(catalog: Catalog, service: CatalogService, missing: number): string {
    return `Sorry, I couldn't fit session ${missing} of ${service.name} within our booking window. Please try an earlier first date, or call us.`;
  },
  notBooked(catalog: Catalog, reason: "taken" | "unavailable" | "invalid" | "payment_failed", offers: SlotOffer[], failedStart?: string): string {
    if (reason === "payment_failed") return "Sorry, the payment page could not be opened just now. Nothing was booked: please try again in a minute.";
    const which = failedStart ? formatWhen(failedStart, catalog.timezone) : "that time";
    const why = reason === "taken" ? `Sorry, ${which} was just taken.` : `Sorry, ${which} can no longer be booked.`;
    if (offers.length === 0) return `${why} Which other day suits you?`;
    return reply.offerTimes(catalog, offers, `${why} Nearest free times:`);
  },
  sequentialWaiting(catalog: Catalog, service: CatalogService, plan: { nextUpcoming: string | null; booked: number; totalSessions: number }): string {
    const next = plan.nextUpcoming ? `Your session ${plan.booked} is on ${formatWhen(plan.nextUpcoming, catalog.timezone)}. ` : "";
    return `${next}We'll invite you to book session ${plan.booked + 1} of ${plan.totalSessions} of ${service.name} once that one is done.`;
  },
  planFinished(service: CatalogService): string {
    return `All sessions of your ${service.name} plan are already booked. Reply "my bookings" to see them.`;
  },
  inviteNext(catalog: Catalog, service: CatalogService, sessionNumber: number, total: number): string {
    return `Session ${sessionNumber - 1} of ${total} done - when would you like session ${sessionNumber} of ${service.name}? (e.g. "next Tuesday at 10")`;
  },
  bookingsList(catalog: Catalog, bookings: BookingSummary[]): string {
    if (bookings.length === 0) return 'You have no upcoming bookings. Reply with a service to book one.';
    return `Your upcoming bookings:\n${bookings.map((b) => `- ${describeBooking(catalog, b)}`).join("\n")}`;
  },
  noBookingsTo(action: "cancel" | "move"): string {
    return `You have no upcoming bookings to ${action}.`;
  },
  whichBooking(catalog: Catalog, bookings: BookingSummary[], action: "cancel" | "move"): string {
    return `Which booking would you like to ${action}?\n${numbered(bookings.map((b) => describeBooking(catalog, b)))}`;
  },
  confirmCancel(catalog: Catalog, booking: BookingSummary): string {
    const terms = booking.cancellation;
    const money = !terms
      ? ""
      : terms.feeCents > 0
        ? ` It's within our late-cancellation window: ${formatPrice(terms.feeCents, terms.currency)} is kept and ${formatPrice(terms.refundCents, terms.currency)} refunded.`
        : ` You'll get ${formatPrice(terms.refundCents, terms.currency)} back in full.`;
    const pass =
      booking.passCredit === "used" ? " It's within our late-cancellation window, so the session on your pass is used." : booking.passCredit === "returned" ? " The session goes back on your pass." : "";
    return `Cancel ${describeBooking(catalog, booking)}?${money}${pass} (yes/no)`;
  },
  cancelled(catalog: Catalog, booking: BookingSummary): string {
    const terms = booking.cancellation;
    const refund = terms && terms.refundCents > 0 ? ` ${formatPrice(terms.refundCents, terms.currency)} is on its way back to you.` : "";
    const pass = booking.passCredit === "returned" ? " The session is back on your pass." : "";
    return `Cancelled: ${describeBooking(catalog, booking)}.${refund}${pass} Reply any time to book again.`;
  },
  cancelNotNow(): string {
    return "Sorry, your refund could not be started just now, so your booking stays as it is. Please try again in a few minutes.";
  },
  keptBooking(): string {
    return "Okay, your booking stays as it is.";
  },
  askNewTime(catalog: Catalog, booking: BookingSummary): string {
    return `Moving ${describeBooking(catalog, booking)}. What day and time would you like instead?`;
  },
  confirmMove(catalog: Catalog, booking: BookingSummary, to: SlotOffer): string {
    return `Move ${describeBooking(catalog, booking)} to ${formatWhen(to.start, catalog.timezone)}? (yes/no)`;
  },
  moved(catalog: Catalog, booking: BookingSummary): string {
    return `Done: ${describeBooking(catalog, booking)}. See you then!`;
  },
  rescheduleRequired(catalog: Catalog, booking: BookingSummary): string {
    return `Sorry, we can no longer see you for ${describeBooking(catalog, booking)}. What other day and time would suit you?`;
  },
  startOver(catalog: Catalog): string {
    return `Okay, let's start again. What would you like to book?\n${numbered(catalog.services.map((s) => s.name))}`;
  },
  restarted(catalog: Catalog): string {
    return `Welcome back! Let's start fresh. What would you like to book?\n${numbered(catalog.services.map((s) => s.name))}`;
  },
  backup(catalog: Catalog, outcome: BackupOutcome): string {
    const tz = catalog.timezone;
    switch (outcome.kind) {
      case "no_booking":
        return "You have no upcoming booking to give a backup time for. What would you like to book?";
      case "needs_time":
        return `What backup time would suit you, in case we can't see you at ${formatWhen(outcome.booking.startAt.toISOString(), tz)}? (e.g. "backup Friday 4pm")`;
      case "same_time":
        return "That's the time you're already booked for. Text another day and time as your backup, e.g. \"backup Friday 4pm\".";
      case "not_free":
        return `Sorry, ${formatWhen(outcome.wanted.toISOString(), tz)} isn't available. Text another backup time, e.g. "backup Friday 4pm".`;
      case "saved":
        return `Noted: if we ever can't see you at ${formatWhen(outcome.booking.startAt.toISOString(), tz)}, we'll move you to ${formatWhen(outcome.backupStart.toISOString(), tz)} and let you know.`;
    }
  },
  failed(): string {
    return "Sorry, something went wrong on our side. Please try again in a moment.";
  },
  /** One SMS segment with up to three times (findTimes offers no more here): no "Reply with a number" line. */
  planGapOffers(catalog: Catalog, gap: NonNullable<FindTimesOutput["planGap"]>, offers: SlotOffer[]): string {
    const day = DateTime.fromISO(gap.firstDay, { zone: catalog.timezone }).toFormat("ccc d LLL");
    const times = numbered(offers.map((o) => formatWhen(o.start, catalog.timezone)));
    return `Session ${gap.sessionNumber} can be booked from ${day}, ${formatDuration(gap.minGapDays * 24 * 60)} after session ${gap.previousSessionNumber}. Nearest free times:\n${times}`;
  },
  confirmCancelAgain(): string {
    return 'Please reply "yes" to cancel it or "no" to keep it.';
  },
  cannotCancelByText(): string {
    return "Sorry, that booking can no longer be cancelled by text. Please call us.";
  },
};

/** The opening line for a time that cannot be booked: "Sorry, we're open 09:00-17:00 on Mon 7 Dec." */
function unbookableReason(catalog: Catalog, start: string, why: Unbookable): string {
  const when = formatWhen(start, catalog.timezone);
  const day = DateTime.fromISO(start, { zone: catalog.timezone }).toFormat("ccc d LLL");
  switch (why.kind) {
    case "past":
      return `Sorry, ${when} has already passed.`;
    case "too_soon": {
      const notice = formatDuration(why.minNoticeMinutes);
      return `Sorry, ${when} is too soon: we need ${notice}${notice.endsWith("s") ? "'" : "'s"} notice.`;
    }
    case "too_far":
      return `Sorry, we book up to ${why.maxAdvanceDays} days ahead.`;
    case "closed_day":
      return `Sorry, we're closed on ${day}.`;
    case "closed_hours":
      return `Sorry, we're open ${why.open.map((o) => `${formatClockTime(o.startMinute)}-${formatClockTime(o.endMinute)}`).join(" and ")} on ${day}.`;
    case "taken":
      return "That time isn't free.";
  }
}

/** 30 → "30 minutes", 120 → "2 hours", 1440 → "1 day". */
export function formatDuration(minutes: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (minutes > 0 && minutes % (24 * 60) === 0) return unit(minutes / (24 * 60), "day");
  if (minutes > 0 && minutes % 60 === 0) return unit(minutes / 60, "hour");
  return unit(minutes, "minute");
}

export function describeBooking(catalog: Catalog, booking: BookingSummary): string {
  const service = serviceOf(catalog, booking.serviceId);
  const session = booking.sessionNumber && booking.totalSessions ? ` (session ${booking.sessionNumber} of ${booking.totalSessions})` : "";
  const pending = booking.status === "pending_approval" ? " - awaiting approval" : booking.status === "pending_payment" ? " - awaiting payment" : "";
  return `${service?.name ?? "Booking"}${session}, ${formatWhen(booking.start, catalog.timezone)}${pending}`;
}

export const HELP_TEXT =
  'Text me to book, move or cancel, e.g. "haircut tomorrow at 3pm", "my bookings", "reschedule", "cancel", "backup Fri 4pm", "start over". Reply STOP to opt out.';
export const OPTED_BACK_IN = "You're subscribed again. What would you like to book?";

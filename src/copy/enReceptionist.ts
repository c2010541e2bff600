/** English: the bot as a front desk (questions, courtesies, notices for staff). GSM-7 only, like en.ts. */
import type { OpenRange } from "../booking/openingHours";
import type { LocalDate } from "../booking/time";
import { formatClock, formatDay, formatDuration, formatHours, formatPrice, formatWhen } from "./format";
import type { AnswerView, CustomerNoticeView, Messages, ServiceFacts } from "./messages";

type Receptionist = Pick<Messages, "answer" | "withOffer" | "notSure" | "courtesy" | "noticeTold" | "personComing" | "staffNotice" | "bookingNotice">;

export const enReceptionist: Receptionist = {
  answer(a, timezone) {
    switch (a.kind) {
      case "price":
        if (a.asked) return a.services.map(priceOf).join("\n");
        return a.services.length === 0 ? "We have no services to book just now." : `Our prices:\n${a.services.map(priceLine).join("\n")}`;
      case "duration":
        if (a.asked) return a.services.map(durationOf).join("\n");
        return a.services.length === 0 ? "We have no services to book just now." : `How long each takes:\n${a.services.map((s) => `${s.name}: ${formatDuration(s.durationMinutes)}`).join("\n")}`;
      case "services":
        return a.services.length === 0 ? "We have no services to book just now." : `We offer:\n${a.services.map(priceLine).join("\n")}`;
      case "hours":
        if (a.days.length === 1) return dayHours("We're", a.days[0]!, timezone);
        return `Our hours this week:\n${a.days.map((d) => `${formatDay(d.day, timezone)}: ${d.open.length === 0 ? "closed" : ranges(d.open)}`).join("\n")}`;
      case "staff_day": {
        if (a.days.length === 1) {
          const d = a.days[0]!;
          if (d.open.length === 0) return `${a.staffName} isn't working on ${formatDay(d.day, timezone)}.`;
          const free = a.freeStarts.map((s) => formatClock(s.toISOString(), timezone));
          const head = `${a.staffName} works ${ranges(d.open)} on ${formatDay(d.day, timezone)}.`;
          return free.length === 0 ? `${head} They're fully booked that day.` : `${head} Free at ${list(free)}.`;
        }
        const working = a.days.filter((d) => d.open.length > 0);
        if (working.length === 0) return `${a.staffName} isn't working in the next 7 days.`;
        return `${a.staffName} works:\n${working.map((d) => `${formatDay(d.day, timezone)}: ${ranges(d.open)}`).join("\n")}`;
      }
      case "address": {
        const where = a.address ? `We're at ${a.address}.` : `Sorry, I don't have ${a.businessName}'s address to hand.`;
        return a.contactEmail ? `${where} Text this number any time, or email ${a.contactEmail}.` : `${where} Text this number any time.`;
      }
      case "who":
        return `This is ${a.businessName}'s booking assistant. I can book, move or cancel appointments and answer questions.`;
    }
  },
  withOffer: (answer) => `${answer}\nWant me to find you a time?`,
  notSure: () => "I'm not sure about that, sorry. I've passed your question to the team and they'll reply here.",
  courtesy: (hasUpcoming) => (hasUpcoming ? "You're welcome! See you then." : "You're welcome! Text any time you'd like to book."),
  noticeTold(n) {
    const who = n.staffName ?? "the team";
    switch (n.kind) {
      case "running_late":
        return n.minutes ? `Thanks for letting us know - we've told ${who} you'll be about ${n.minutes} minutes late.` : `Thanks for letting us know - we've told ${who} you're running late.`;
      case "on_the_way":
        return `Thanks! We've let ${who} know you're on your way.`;
      case "arrived":
        return `Thanks! We've let ${who} know you're here.`;
      case "cannot_make_it":
        return `Sorry you can't make it. We've let ${who} know.`;
      case "wants_person":
        return "Of course. I've asked the team to reply to you here as soon as they can.";
    }
  },
  personComing: () => "The team has your message and will reply here soon.",
  bookingNotice(kind, b) {
    const what = `${b.serviceName} with ${b.staffName}, ${formatWhen(b.start.toISOString(), b.timezone)}`;
    if (kind === "new_booking") return `New booking: ${what}, for ${customerName(b.customer)}.`;
    if (kind === "pending_approval") return `To approve: ${what}, for ${customerName(b.customer)}.`;
    return `Cancelled: ${what}, for ${customerName(b.customer)}.`;
  },
  staffNotice(n) {
    const who = customerName(n.customer);
    if (n.kind === "unanswered_question") return `${who} asked a question the bot could not answer: "${n.question}"`;
    const booking = n.bookingStart && n.serviceName ? ` for ${n.serviceName} at ${formatWhen(n.bookingStart.toISOString(), n.timezone)}` : "";
    switch (n.kind) {
      case "running_late":
        return n.minutes ? `${who} is running about ${n.minutes} minutes late${booking}.` : `${who} is running late${booking}.`;
      case "on_the_way":
        return `${who} is on their way${booking}.`;
      case "arrived":
        return `${who} has arrived${booking}.`;
      case "cannot_make_it":
        return `${who} says they can't make it${booking}.`;
      case "wants_person":
        return `${who} asked to talk to a person. Reply in Conversations.`;
    }
  },
};

function customerName(c: { name: string | null; phone: string }): string {
  return c.name ? `${c.name} (${c.phone})` : c.phone;
}

function priceOf(s: ServiceFacts): string {
  const price = formatPrice(s.priceCents, s.currency);
  const length = formatDuration(s.durationMinutes);
  if (s.packageSessions) return `${s.name} is ${price} for a pass of ${s.packageSessions} sessions (${length} each).`;
  if (s.totalSessions) return `${s.name} is ${price} a session, ${formatPrice(s.priceCents * s.totalSessions, s.currency)} for all ${s.totalSessions} sessions (${length} each).`;
  if (s.priceCents === 0) return `${s.name} is free and takes ${length}.`;
  return `${s.name} is ${price} and takes ${length}.`;
}

function durationOf(s: ServiceFacts): string {
  const length = formatDuration(s.durationMinutes);
  if (s.totalSessions) return `Each ${s.name} session takes ${length}, ${s.totalSessions} sessions in all.`;
  return `${s.name} takes ${length}.`;
}

function priceLine(s: ServiceFacts): string {
  const price = s.priceCents === 0 ? "free" : formatPrice(s.priceCents, s.currency);
  const per = s.packageSessions ? ` for ${s.packageSessions} sessions` : s.totalSessions ? " a session" : "";
  return `${s.name}: ${price}${per}, ${formatDuration(s.durationMinutes)}`;
}

function dayHours(subject: string, d: { day: LocalDate; open: OpenRange[] }, timezone: string): string {
  const day = formatDay(d.day, timezone);
  return d.open.length === 0 ? `${subject} closed on ${day}.` : `${subject} open ${ranges(d.open)} on ${day}.`;
}

function ranges(open: OpenRange[]): string {
  return list(open.map(formatHours));
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

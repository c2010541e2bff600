/**
 * The bot as a front desk, before the booking conversation: a question is answered from the
 * business's data or its FAQ (and, when nothing is being booked, followed by an offer to book that
 * a plain "yes" takes up), a courtesy is acknowledged, and what a customer tells staff ("running 10
 * min late", "I'm outside", "can't make it", "can I talk to someone") becomes a notification. What
 * is not for the front desk goes on to the conversation machine, sometimes reworded (an offer's yes
 * becomes the booking it offered; "can't make it" becomes a cancellation). A bare greeting goes on
 * too: the conversation's own greeting says what can be booked.
 */
import { eq } from "drizzle-orm";
import type { Business } from "../booking/business";
import type { BookingService } from "../booking/bookingService";
import type { Customer } from "../booking/customers";
import { type CustomerNoticeView, en as reply } from "../copy";
import type { Tx } from "../db/client";
import { conversations } from "../db/schema";
import { answerQuestion } from "../operations/answerQuestion";
import { nextBookingOf, noteForStaff } from "../operations/staffNotices";
import { isPersonRequested } from "../operations/takeover";
import { matchFaq } from "./parser/faq";
import type { ParsedMessage } from "./parser/types";

/** The yes words that accept an offer rather than close the exchange. */
const PLAIN_YES = /^(?:yes|yeah|yea|yep|yup|ya|sure|ok|okay|k|kk|please|yes please|ok please|okay please|sure please|go ahead|do it|let'?s do it|sounds good|why not)[\s!.]*$/;

export type BookingOffer = NonNullable<(typeof conversations.$inferSelect)["bookingOffer"]>;

export interface FrontDeskTurn {
  tx: Tx;
  business: Business;
  customer: Customer;
  conversation: typeof conversations.$inferSelect;
  parsed: ParsedMessage;
  /** Nothing is being booked: the conversation is at its start or done. */
  idle: boolean;
  /** The inbound message's provider id: what makes its notice once-only. */
  messageKey: string;
  now: Date;
}

export interface FrontDeskDeps {
  bookingService: BookingService;
  /** A notification was written: its email to the business (when email is configured). */
  staffNoticed?: (tx: Tx, notice: { businessId: string; noticeId: string; bookingId: string | null; text: string }) => Promise<void>;
}

export type FrontDeskOutcome =
  /** The front desk answered; `offer`: what a "yes" next would book. */
  | { done: true; replies: string[]; offer?: BookingOffer }
  /** For the conversation machine: `parsed` (possibly reworded), after `before`. */
  | { done: false; parsed: ParsedMessage; before: string[] };

export async function frontDesk(turn: FrontDeskTurn, deps: FrontDeskDeps): Promise<FrontDeskOutcome> {
  const { parsed, conversation, idle, now } = turn;
  const intent = parsed.intent;
  const pass = (p: ParsedMessage = parsed, before: string[] = []): FrontDeskOutcome => ({ done: false, parsed: p, before });

  if (intent?.kind === "notice") return customerNotice(turn, deps, intent);

  // "yes", or "tomorrow at 3" straight away: the booking the last answer offered, with what was asked then.
  const offer = conversation.bookingOffer;
  if (offer && idle && takesUpOffer(parsed)) {
    return pass({
      ...parsed,
      yesNo: undefined,
      intent: undefined,
      services: offer.serviceId ? [{ id: offer.serviceId, score: 1 }] : [],
      ...(!parsed.date && offer.date && { date: offer.date }),
    });
  }

  if (intent?.kind === "question") {
    if (intent.topic === "other") {
      const faq = matchFaq(parsed.text, turn.business.faq);
      if (faq) return answered(turn, faq.answer, {});
      // Mid-booking, "what?" or "is that ok?" is for the conversation to answer.
      if (!idle) return pass();
      await tellStaff(turn, deps, { kind: "unanswered_question", bookingId: null, text: reply.staffNotice({ kind: "unanswered_question", question: parsed.text, customer: turn.customer }) });
      return { done: true, replies: [reply.notSure()] };
    }
    const answer = await answerQuestion(turn.tx, deps.bookingService, turn.business, {
      topic: intent.topic,
      // "how much is it?" in the middle of a booking asks about the service being booked.
      serviceIds: servicesAsked(parsed) ?? (idle ? undefined : [serviceBeingBooked(conversation)].filter((id) => id !== undefined)),
      staffId: intent.staffId,
      day: parsed.date,
      now,
    });
    const offerService = (answer.kind === "price" || answer.kind === "duration") && answer.asked && answer.services.length === 1 ? answer.services[0]!.id : undefined;
    return answered(turn, reply.answer(answer, turn.business.timezone), { ...(offerService && { serviceId: offerService }), ...(parsed.date && { date: parsed.date }), ...(intent.staffId && { staffId: intent.staffId }) });
  }

  if (isPersonRequested(conversation, now) && !parsed.command) return { done: true, replies: [reply.personComing()] };

  if (intent?.kind === "courtesy" && idle) {
    return { done: true, replies: [reply.courtesy((await nextBookingOf(turn.tx, turn.customer.id, now)) !== undefined)] };
  }
  return pass();
}

/** The answer, with the offer to book when nothing is being booked (a question mid-booking leaves the booking where it was). */
function answered(turn: FrontDeskTurn, answer: string, offer: BookingOffer): FrontDeskOutcome {
  if (!turn.idle) return { done: true, replies: [answer] };
  return { done: true, replies: [reply.withOffer(answer)], offer };
}

async function customerNotice(turn: FrontDeskTurn, deps: FrontDeskDeps, intent: { notice: CustomerNoticeView["kind"]; minutes?: number }): Promise<FrontDeskOutcome> {
  const booking = await nextBookingOf(turn.tx, turn.customer.id, turn.now);
  const view: CustomerNoticeView = {
    kind: intent.notice,
    ...(intent.minutes !== undefined && { minutes: intent.minutes }),
    ...(booking && { staffName: booking.staffName, bookingStart: booking.start, serviceName: booking.serviceName }),
    timezone: turn.business.timezone,
    customer: { name: turn.customer.name, phone: turn.customer.phone },
  };
  await tellStaff(turn, deps, { kind: intent.notice, bookingId: booking?.id ?? null, text: reply.staffNotice(view) });
  const told = reply.noticeTold(view);
  if (intent.notice === "wants_person") {
    await turn.tx.update(conversations).set({ personRequestedAt: turn.now }).where(eq(conversations.id, turn.conversation.id));
    return { done: true, replies: [told] };
  }
  // "Can't make it" is a cancellation to offer, with the policy stated, once staff know.
  if (intent.notice === "cannot_make_it" && booking) return { done: false, parsed: { ...turn.parsed, intent: undefined, command: "cancel" }, before: [told] };
  return { done: true, replies: [told] };
}

async function tellStaff(turn: FrontDeskTurn, deps: FrontDeskDeps, notice: { kind: Parameters<typeof noteForStaff>[1]["kind"]; bookingId: string | null; text: string }): Promise<void> {
  const noticeId = await noteForStaff(turn.tx, {
    businessId: turn.business.id,
    kind: notice.kind,
    customerId: turn.customer.id,
    bookingId: notice.bookingId,
    text: notice.text,
    idempotencyKey: `message:${turn.messageKey}`,
    at: turn.now,
  });
  if (noticeId && deps.staffNoticed) await deps.staffNoticed(turn.tx, { businessId: turn.business.id, noticeId, bookingId: notice.bookingId, text: notice.text });
}

/** A yes ("yes", "sure, friday?"), or a day or time with no other service named: taking up the offer. */
function takesUpOffer(parsed: ParsedMessage): boolean {
  if (parsed.command || parsed.services.length > 0 || parsed.choice !== undefined) return false;
  // "ok thanks!", "cool", "👍" after an answer close it; a bare "ok" or "sure" takes the offer up.
  if (parsed.intent && (parsed.intent.kind !== "courtesy" || !PLAIN_YES.test(parsed.text.trim().toLowerCase()))) return false;
  return parsed.yesNo === "yes" || parsed.date !== undefined || parsed.time !== undefined || parsed.timeOfDay !== undefined || parsed.anyTime === true;
}

/** The service the conversation is booking, from its persisted machine state (XState's snapshot context). */
function serviceBeingBooked(conversation: { snapshot: unknown }): string | undefined {
  const serviceId = (conversation.snapshot as { context?: { serviceId?: unknown } } | null)?.context?.serviceId;
  return typeof serviceId === "string" ? serviceId : undefined;
}

/** The services a question names: every one named exactly ("a haircut and colour"), else the best match; undefined for none. */
function servicesAsked(parsed: ParsedMessage): string[] | undefined {
  if (parsed.services.length === 0) return undefined;
  const exact = parsed.services.filter((s) => s.score === 1);
  return exact.length > 1 ? exact.map((s) => s.id) : [parsed.services[0]!.id];
}

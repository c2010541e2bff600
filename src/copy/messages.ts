/**
 * The catalog: one method per message id, with the plain data it needs. Each language implements
 * `Messages` whole (src/copy/en.ts), so a translator writes every variant as whole sentences in
 * their own order; a text is never built from pieces of a sentence.
 *
 * The views below are what copy reads: the conversation's catalog, offers and bookings fit them as
 * they are (copy imports nothing from conversation/; conversation may import these).
 */
import type { Unbookable } from "../booking/availability";
import type { LocalDate } from "../booking/time";
import type { OpenRange } from "../booking/openingHours";
import type { EmailMessages } from "./emailMessages";
import type { Money } from "./format";

export interface PlanView {
  totalSessions: number;
  strategy: "immediate" | "sequential" | "flexible";
  sessionLabels: string[] | null;
}

export interface ServiceView {
  id: string;
  name: string;
  priceCents: number;
  currency: string;
  plan: PlanView | null;
  /** Sold as a pass of this many sessions paid once (null: paid per booking). */
  packageSessions: number | null;
}

/** The business as the customer hears of it. */
export interface CatalogView {
  businessName: string;
  timezone: string;
  /** Whether a paid service is paid by link or at the appointment. */
  paymentsByLink: boolean;
  services: ServiceView[];
  staffNames: Record<string, string>;
  /** Credits left on the customer's passes, by service. */
  packageCredits: Record<string, number>;
}

/** A time offered: an ISO instant and the staff member free for it. */
export interface SlotView {
  start: string;
  staffId: string;
}

export interface BookingView {
  serviceId: string;
  start: string;
  status: string;
  sessionNumber: number | null;
  totalSessions: number | null;
  /** What the customer pays for it (after any code), where known. */
  priceCents?: number;
  /** What cancelling it now keeps and gives back. */
  cancellation?: { feeCents: number; refundCents: number; currency: string };
  packageCredit?: "returned" | "used";
}

export interface PaymentLinkView {
  url: string;
  amountCents: number;
  currency: string;
  holdMinutes: number;
}

export interface PackageView {
  remaining: number;
  total: number;
}

/** The next session of a sequential plan, waiting on the one before. */
export interface PlanWaitView {
  nextUpcoming: string | null;
  booked: number;
  totalSessions: number;
}

/** A plan's minimum gap: session `sessionNumber` can be booked from `firstDay` (ISO). */
export interface PlanGapView {
  sessionNumber: number;
  previousSessionNumber: number;
  minGapDays: number;
  firstDay: string;
}

export type BackupView =
  | { kind: "no_booking" }
  | { kind: "needs_time"; booking: { startAt: Date } }
  | { kind: "same_time"; booking: { startAt: Date } }
  | { kind: "not_free"; booking: { startAt: Date }; wanted: Date }
  | { kind: "saved"; booking: { startAt: Date }; backupStart: Date };

/** A booking the business acted on, or a job speaks of. */
export interface NoticeBooking {
  serviceName: string;
  start: Date;
  timezone: string;
  sessionNumber: number | null;
  totalSessions: number | null;
}

export type { Money } from "./format";

/** A payment that came in, for the bookings it held (ISO starts). */
export interface PaidView {
  serviceName: string;
  starts: string[];
  timezone: string;
  /** A pass bought with it: the sessions it still holds. */
  pass?: PackageView;
}

/** A booking made on the booking page, confirmed by text with the link to manage it. */
export interface OnlineBookingView {
  businessName: string;
  serviceName: string;
  /** Every session booked, ISO starts, earliest first. */
  starts: string[];
  timezone: string;
  status: "confirmed" | "pending_approval" | "pending_payment";
  /** How long a booking awaiting payment is held, in minutes. */
  holdMinutes?: number;
  manageUrl: string;
}

export type NotBookedReason = "taken" | "unavailable" | "invalid";
export type BookingAction = "cancel" | "move";
export type PaymentPage = "paid" | "cancelled";

/** A service as a question about it needs it: money in cents, time in minutes. */
export interface ServiceFacts {
  id: string;
  name: string;
  priceCents: number;
  currency: string;
  durationMinutes: number;
  /** A plan of this many sessions (price and duration are per session), or null. */
  totalSessions: number | null;
  /** Sold as a pass of this many sessions, or null. */
  packageSessions: number | null;
}

/** A question answered from the business's data (operations/answerQuestion.ts), for copy to word. */
export type AnswerView =
  | { kind: "price" | "duration"; services: ServiceFacts[]; asked: boolean }
  | { kind: "services"; services: ServiceFacts[] }
  | { kind: "hours"; days: { day: LocalDate; open: OpenRange[] }[] }
  | { kind: "staff_day"; staffName: string; days: { day: LocalDate; open: OpenRange[] }[]; freeStarts: Date[] }
  | { kind: "address"; businessName: string; address: string | null; contactEmail: string | null }
  | { kind: "who"; businessName: string };

/** What a customer told the bot for staff. */
export type CustomerNoticeKind = "running_late" | "on_the_way" | "arrived" | "cannot_make_it" | "wants_person";

/** The notice as the customer hears it acknowledged, and as staff read it. */
export interface CustomerNoticeView {
  kind: CustomerNoticeKind;
  /** "about 10 minutes late", when said. */
  minutes?: number;
  /** The staff member of the customer's next booking, who is told. */
  staffName?: string;
  /** The booking it concerns (UTC instant), when there is one today or ahead. */
  bookingStart?: Date;
  serviceName?: string;
  timezone: string;
  /** For staff: who it is from. */
  customer: { name: string | null; phone: string };
}

export interface Messages {
  /** The emails' own catalog (emailMessages.ts). */
  email: EmailMessages;
  // The conversation: what the bot answers.
  greeting(catalog: CatalogView): string;
  chooseService(catalog: CatalogView, serviceIds: string[]): string;
  notUnderstoodService(catalog: CatalogView): string;
  askDate(service: ServiceView, sessionNumber?: number, count?: number): string;
  askCount(service: ServiceView, remaining: number): string;
  badCount(remaining: number): string;
  /** The time asked for is taken: the nearest free times. */
  timeTakenOffers(catalog: CatalogView, offers: SlotView[]): string;
  /** No time was asked for: the free times. */
  freeTimes(catalog: CatalogView, offers: SlotView[]): string;
  noTimes(service: ServiceView): string;
  /** A wanted time that cannot be booked, with the real reason and the nearest free times (or none). */
  notOffered(catalog: CatalogView, refused: { start: string; why: Unbookable }, offers: SlotView[]): string;
  /** The customer named a kind of service we may not offer ("driving lessons" at a salon). */
  whichService(catalog: CatalogView): string;
  /** The day question again in other words (after a reaction that answered nothing). */
  askDateAgain(service: ServiceView): string;
  /** "3/4" from a country that writes dates both ways. */
  whichDate(catalog: CatalogView, written: string, readings: [LocalDate, LocalDate]): string;
  pickFromOffers(): string;
  summary(catalog: CatalogView, service: ServiceView, sessions: SlotView[], opts: { firstSessionNumber: number; percentOff?: number }): string;
  promo(code: string, percentOff: number | null): string;
  promoGone(code: string): string;
  askYesNo(): string;
  declined(): string;
  booked(catalog: CatalogView, service: ServiceView, bookings: BookingView[], remainingAfter: number | null, payment?: PaymentLinkView, pass?: PackageView): string;
  /**
   * The customer's manage link (/m/<token>, ~70 characters with a short PUBLIC_BASE_URL), its own text
   * after a confirmation: beside the link, most confirmations would no longer fit one SMS segment.
   */
  manageLink(url: string): string;
  /** A question answered from the business's data, in the business's time and money formats. */
  answer(a: AnswerView, timezone: string): string;
  /** An answer followed by the one short offer to book ("Want me to find you a time?"). */
  withOffer(answer: string): string;
  /** A question neither the data nor the FAQ answers: passed to the team. */
  notSure(): string;
  /** Thanks, ok, see you: a short acknowledgement. */
  courtesy(hasUpcoming: boolean): string;
  /** The customer is told the team knows (running late, on the way, here, can't make it, wants a person). */
  noticeTold(notice: CustomerNoticeView): string;
  /** While a person has been asked for: the bot does not push the booking flow. */
  personComing(): string;
  /** What staff read in their notifications for a customer's notice; `question` for one the bot could not answer. */
  staffNotice(notice: CustomerNoticeView | { kind: "unanswered_question"; question: string; customer: { name: string | null; phone: string } }): string;
  /** A booking's notification for staff: new, awaiting approval, cancelled. */
  bookingNotice(kind: "new_booking" | "pending_approval" | "cancelled", b: { serviceName: string; staffName: string; start: Date; timezone: string; customer: { name: string | null; phone: string } }): string;
  /** After a booking, when the business wants an email and the customer has not given one. */
  askEmail(): string;
  /** The customer gave an email: `sent` confirmations of upcoming bookings went to it. */
  emailSaved(email: string, sent: number): string;
  planIncomplete(catalog: CatalogView, service: ServiceView, missing: number): string;
  notBooked(catalog: CatalogView, reason: NotBookedReason, offers: SlotView[], failedStart?: string): string;
  sequentialWaiting(catalog: CatalogView, service: ServiceView, plan: PlanWaitView): string;
  planFinished(service: ServiceView): string;
  inviteNext(catalog: CatalogView, service: ServiceView, sessionNumber: number, total: number): string;
  bookingsList(catalog: CatalogView, bookings: BookingView[]): string;
  noBookingsTo(action: BookingAction): string;
  whichBooking(catalog: CatalogView, bookings: BookingView[], action: BookingAction): string;
  confirmCancel(catalog: CatalogView, booking: BookingView): string;
  /** The cancel question again, after an answer that was neither yes nor no. */
  confirmCancelAgain(): string;
  cancelled(catalog: CatalogView, booking: BookingView): string;
  cannotCancelByText(): string;
  keptBooking(): string;
  askNewTime(catalog: CatalogView, booking: BookingView): string;
  confirmMove(catalog: CatalogView, booking: BookingView, to: SlotView): string;
  moved(catalog: CatalogView, booking: BookingView): string;
  rescheduleRequired(catalog: CatalogView, booking: BookingView): string;
  startOver(catalog: CatalogView): string;
  restarted(catalog: CatalogView): string;
  backup(catalog: CatalogView, outcome: BackupView): string;
  failed(): string;
  /** Up to three times after a plan's minimum gap, in one SMS segment. */
  planGapOffers(catalog: CatalogView, gap: PlanGapView, offers: SlotView[]): string;
  /** A booking as a choice or a list line: "Haircut, Tue 3 Mar, 10:00 - awaiting payment". */
  describeBooking(catalog: CatalogView, booking: BookingView): string;
  /** A plan's session by its label and place: "Consultation (session 1 of 3)", or "session 2 of 3" unlabelled. */
  sessionLabel(plan: { sessionLabels: string[] | null; totalSessions: number }, sessionNumber: number): string;
  /** What a pass still holds: "2 of 3 sessions left on your pass." */
  packageLeft(pass: PackageView): string;

  // Said outside the chart: HELP, opting back in, a photo, a conversation gone stale.
  help(): string;
  optedBackIn(): string;
  mediaOnly(): string;
  welcomeBack(): string;

  // Notices: the business acted on a booking, or a job speaks of one.
  approved(b: NoticeBooking): string;
  rejected(b: NoticeBooking): string;
  cancelledByBusiness(b: NoticeBooking): string;
  /** Cancelled by the business, with what is refunded. */
  cancelledByBusinessRefunded(b: NoticeBooking, refund: Money): string;
  rescheduledByBusiness(b: NoticeBooking, from: Date): string;
  movedToBackup(b: NoticeBooking, from: Date): string;
  reminder(b: NoticeBooking): string;
  feedback(b: NoticeBooking): string;
  /** One message for every session one payment held: they lapse together. */
  holdExpired(held: NoticeBooking[]): string;
  approvalExpired(b: NoticeBooking): string;

  // The booking page: its bookings are confirmed by text too, with the manage link.
  bookedOnline(booking: OnlineBookingView): string;

  // Payments: what the customer hears when a payment comes in, too late, or never.
  paymentReceived(paid: PaidView): string;
  /** Paid for a booking cancelled first (by the customer or the business): refunded in full. */
  paidAfterCancel(booking: { serviceName: string; start: string; timezone: string }, refund: Money): string;
  /** The share paid for plan sessions cancelled before the payment came through. */
  refundedCancelledSessions(cancelled: { starts: string[]; timezone: string }, refund: Money): string;
  /** Paid after the hold lapsed and the time was taken: refunded, with the nearest free times (ISO). */
  paidTooLate(booking: { start: string; timezone: string; nearest: string[] }, refund: Money): string;
  paymentLinkExpired(): string;
  /** Paid with a delayed method (a bank debit): the money takes days, the time stays held until it arrives. */
  paymentProcessing(booking: { serviceName: string; starts: string[]; timezone: string }): string;
  /** That delayed payment failed: the held time was released. */
  delayedPaymentFailed(booking: { serviceName: string; starts: string[]; timezone: string }): string;
  /** Stands where a reply's payment link would be when the payment page could not be opened in time; the link follows. */
  paymentLinkFollows(): string;
  /** The link, on its own line, sent once the payment page could be opened. */
  paymentLinkLater(url: string): string;
  // WhatsApp's interactive messages: the prompt when a reply is only choices, and the buttons' titles (20 characters at most).
  choicePrompt(): string;
  choiceListButton(): string;
  yesButton(): string;
  noButton(): string;

  /** The pages Stripe Checkout returns the browser to. */
  paymentPageTitle(page: PaymentPage): string;
  paymentPageText(page: PaymentPage): string;
}

/**
 * Every text the bot composes goes out as GSM-7 (GSM 03.38): one character outside it ("—", "’")
 * sends the whole text as UCS-2, and a one-segment SMS becomes two or three. A question, and HELP,
 * fits one segment (160 septets) wherever its content allows; the few texts whose content needs
 * more (a three-session plan, three times on offer) are listed with the segments they may take.
 *
 * The samples are a typical business: GSM-7 service names, US prices, a three-session implant
 * plan, three offered times, in New York time. Every message id of the catalog (src/copy/messages.ts)
 * must have a sample here, so a message added later without one fails this test.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { manageToken } from "../../src/accounts/manageTokens";
import type { Booking } from "../../src/booking/bookingService";
import { gsm7Length, isGsm7, smsSegments } from "../../src/channels/smsSegments";
import { type Messages, type NoticeBooking, en as reply } from "../../src/copy";
import type { BookingSummary, Catalog, CatalogService, SlotOffer } from "../../src/conversation/types";

const REPO = join(__dirname, "../..");
const TZ = "America/New_York";

const HAIRCUT: CatalogService = {
  id: "haircut",
  name: "Haircut",
  aliases: [],
  durationMinutes: 30,
  priceCents: 4500,
  currency: "USD",
  requiresPayment: true,
  plan: null,
  packageSessions: null,
};
const BEARD: CatalogService = { ...HAIRCUT, id: "beard", name: "Beard Trim", priceCents: 2500 };
const IMPLANT: CatalogService = {
  ...HAIRCUT,
  id: "implant",
  name: "Hair Implant",
  durationMinutes: 120,
  priceCents: 50000,
  plan: { totalSessions: 3, strategy: "immediate", sessionLabels: ["Consultation", "Implant", "Follow-up"] },
};
const PHYSIO: CatalogService = { ...HAIRCUT, id: "physio", name: "Scalp Physio", priceCents: 6000, plan: { totalSessions: 6, strategy: "flexible", sessionLabels: null } };
const COURSE: CatalogService = { ...HAIRCUT, id: "course", name: "Colour Course", priceCents: 9000, plan: { totalSessions: 3, strategy: "sequential", sessionLabels: null } };
const MASSAGE: CatalogService = { ...HAIRCUT, id: "massage", name: "Head Massage", priceCents: 4000, packageSessions: 5 };

const catalog: Catalog = {
  businessName: "Northside Barbers",
  timezone: TZ,
  now: "2026-03-02T13:00:00.000Z",
  requiresApproval: false,
  paymentsByLink: true,
  services: [HAIRCUT, BEARD, IMPLANT],
  staffNames: { sam: "Sam", alex: "Alex" },
  plans: [],
  packageCredits: { massage: 3 },
};
const atTheAppointment: Catalog = { ...catalog, paymentsByLink: false };
const approving: Catalog = { ...atTheAppointment, requiresApproval: true };

const offers: SlotOffer[] = [
  { start: "2026-03-03T15:00:00.000Z", staffId: "sam" },
  { start: "2026-03-03T16:30:00.000Z", staffId: "alex" },
  { start: "2026-03-04T19:45:00.000Z", staffId: "sam" },
];
const planSessions: SlotOffer[] = [
  { start: "2026-03-03T15:00:00.000Z", staffId: "sam" },
  { start: "2026-03-17T14:00:00.000Z", staffId: "sam" },
  { start: "2026-06-15T14:00:00.000Z", staffId: "alex" },
];

function booking(overrides: Partial<BookingSummary> = {}): BookingSummary {
  return { id: "b1", serviceId: "haircut", start: "2026-03-03T15:00:00.000Z", staffId: "sam", status: "confirmed", sessionNumber: null, totalSessions: null, ...overrides };
}
const implantSession = (n: number, start: string, status = "confirmed") => booking({ id: `i${n}`, serviceId: "implant", start, status, sessionNumber: n, totalSessions: 3 });
const planBookings = planSessions.map((s, i) => implantSession(i + 1, s.start, "pending_payment"));
/** A live Checkout URL is some 250 characters: the session's id and a long fragment. */
const checkoutUrl = `https://checkout.stripe.com/c/pay/cs_live_${"a1B2c3D4e5".repeat(6)}#fid${"kdWxOYHwnPyd1blpxYHZxWjA0".repeat(6)}`;
const paidLink = { url: checkoutUrl, amountCents: 4500, currency: "USD", holdMinutes: 30 };
/** A manage link on a realistic PUBLIC_BASE_URL: 27 characters, then the 44-character token. */
const manageUrl = `https://book.example.com/m/${manageToken("a-session-secret-of-32-characters", "5f0c2a9e-71d8-4b3c-9a1e-0123456789ab")}`;
const heldBooking = { startAt: new Date("2026-03-03T15:00:00.000Z") } as Booking;

const noticeBooking: NoticeBooking = { serviceName: "Hair Implant", start: new Date(planSessions[1]!.start), timezone: TZ, sessionNumber: 2, totalSessions: 3 };
const from = new Date(planSessions[0]!.start);
const plainNotice: NoticeBooking = { ...noticeBooking, serviceName: "Haircut", sessionNumber: null, totalSessions: null };

/** A manage link on a typical domain: the token is 44 characters. */
const online = {
  businessName: "Northside Barbers",
  serviceName: "Haircut",
  starts: [offers[0]!.start],
  timezone: TZ,
  manageUrl: `https://northside.example/m/${"aB3dE5gH7jK9mN1pQ3sT5v".repeat(2)}`,
};

function facts(name: string, priceCents: number) {
  return { id: name, name, priceCents, currency: "USD", durationMinutes: 30, totalSessions: null, packageSessions: null };
}

/** Named samples of every message id: typed, so a new message without one does not compile either. */
const samples: { [K in Exclude<keyof Messages, "email">]: Record<string, () => string> } = {
  greeting: { "three services": () => reply.greeting(catalog) },
  chooseService: { "two services": () => reply.chooseService(catalog, ["haircut", "beard"]) },
  notUnderstoodService: { "three services": () => reply.notUnderstoodService(catalog) },
  askDate: {
    "one session": () => reply.askDate(HAIRCUT),
    "session 2 of 3": () => reply.askDate(PHYSIO, 2, 3),
  },
  askCount: { "flexible plan": () => reply.askCount(PHYSIO, 6) },
  badCount: { "up to 6": () => reply.badCount(6) },
  timeTakenOffers: { "three times": () => reply.timeTakenOffers(catalog, offers) },
  freeTimes: { "three times": () => reply.freeTimes(catalog, offers) },
  noTimes: { "one service": () => reply.noTimes(BEARD) },
  pickFromOffers: { "": () => reply.pickFromOffers() },
  summary: {
    "one session": () => reply.summary(catalog, HAIRCUT, offers.slice(0, 1), { firstSessionNumber: 1 }),
    "one session with a code": () => reply.summary(catalog, HAIRCUT, offers.slice(0, 1), { firstSessionNumber: 1, percentOff: 20 }),
    "one plan session": () => reply.summary(catalog, IMPLANT, planSessions.slice(1, 2), { firstSessionNumber: 2 }),
    "3-session plan": () => reply.summary(catalog, IMPLANT, planSessions, { firstSessionNumber: 1, percentOff: 15 }),
    "new pass": () => reply.summary({ ...catalog, packageCredits: {} }, MASSAGE, offers.slice(0, 1), { firstSessionNumber: 1 }),
    "session from a pass": () => reply.summary(catalog, MASSAGE, offers.slice(0, 1), { firstSessionNumber: 1 }),
  },
  promo: {
    valid: () => reply.promo("SPRING20", 20),
    invalid: () => reply.promo("SPRING20", null),
  },
  promoGone: { "": () => reply.promoGone("SPRING20") },
  askYesNo: { "": () => reply.askYesNo() },
  declined: { "": () => reply.declined() },
  booked: {
    "held for payment": () => reply.booked(catalog, HAIRCUT, [booking({ status: "pending_payment" })], null, paidLink),
    "3-session plan held for payment": () =>
      reply.booked(catalog, IMPLANT, planBookings, 0, { ...paidLink, amountCents: 127500 }),
    "pending approval": () => reply.booked(approving, HAIRCUT, [booking({ status: "pending_approval" })], null),
    "paid at the appointment": () => reply.booked(atTheAppointment, HAIRCUT, [booking()], null),
    "from a pass": () => reply.booked(catalog, MASSAGE, [booking({ serviceId: "massage" })], null, undefined, { remaining: 2, total: 5 }),
    "sequential session 1": () => reply.booked(atTheAppointment, COURSE, [booking({ serviceId: "course", sessionNumber: 1, totalSessions: 3 })], 2),
    "flexible sessions": () => reply.booked(atTheAppointment, PHYSIO, offers.slice(0, 2).map((o, i) => booking({ serviceId: "physio", start: o.start, sessionNumber: i + 1, totalSessions: 6 })), 4),
  },
  manageLink: { "book.example.com": () => reply.manageLink(manageUrl) },
  askEmail: { plain: () => reply.askEmail() },
  answer: {
    "a price": () => reply.answer({ kind: "price", asked: true, services: [facts("Beard Trim", 2500)] }, TZ),
    "a plan's price": () => reply.answer({ kind: "price", asked: true, services: [{ ...facts("Scalp Physio", 6000), totalSessions: 6 }] }, TZ),
    "a pass's price": () => reply.answer({ kind: "price", asked: true, services: [{ ...facts("Head Massage", 4000), packageSessions: 5 }] }, TZ),
    "how long": () => reply.answer({ kind: "duration", asked: true, services: [facts("Haircut", 3500)] }, TZ),
    "hours on a day": () => reply.answer({ kind: "hours", days: [{ day: { year: 2026, month: 3, day: 7 }, open: [{ startMinute: 480, endMinute: 1140 }] }] }, TZ),
    "closed on a day": () => reply.answer({ kind: "hours", days: [{ day: { year: 2026, month: 3, day: 8 }, open: [] }] }, TZ),
    "a staff member's day": () =>
      reply.answer({ kind: "staff_day", staffName: "Robin", days: [{ day: { year: 2026, month: 3, day: 6 }, open: [{ startMinute: 540, endMinute: 1020 }] }], freeStarts: [new Date("2026-03-06T15:00:00Z"), new Date("2026-03-06T16:30:00Z"), new Date("2026-03-06T19:00:00Z")] }, TZ),
    "the address": () => reply.answer({ kind: "address", businessName: "Okafor Studio", address: "12 High St, Springfield", contactEmail: "hello@okafor.example" }, TZ),
    "who this is": () => reply.answer({ kind: "who", businessName: "Okafor Studio" }, TZ),
  },
  withOffer: { "a price": () => reply.withOffer(reply.answer({ kind: "price", asked: true, services: [facts("Beard Trim", 2500)] }, TZ)) },
  notSure: { plain: () => reply.notSure() },
  courtesy: { "with a booking": () => reply.courtesy(true), "without": () => reply.courtesy(false) },
  noticeTold: {
    "10 minutes late": () => reply.noticeTold({ kind: "running_late", minutes: 10, staffName: "Robin", timezone: TZ, customer: { name: null, phone: "+15550100" } }),
    "on the way": () => reply.noticeTold({ kind: "on_the_way", staffName: "Robin", timezone: TZ, customer: { name: null, phone: "+15550100" } }),
    "can't make it": () => reply.noticeTold({ kind: "cannot_make_it", timezone: TZ, customer: { name: null, phone: "+15550100" } }),
    "a person": () => reply.noticeTold({ kind: "wants_person", timezone: TZ, customer: { name: null, phone: "+15550100" } }),
  },
  personComing: { plain: () => reply.personComing() },
  staffNotice: {
    "late": () => reply.staffNotice({ kind: "running_late", minutes: 10, staffName: "Robin", serviceName: "Haircut", bookingStart: new Date("2026-03-03T20:00:00Z"), timezone: TZ, customer: { name: "Ana", phone: "+15550100" } }),
    "a question": () => reply.staffNotice({ kind: "unanswered_question", question: "do you do kids cuts?", customer: { name: null, phone: "+15550100" } }),
  },
  bookingNotice: { "new": () => reply.bookingNotice("new_booking", { serviceName: "Haircut", staffName: "Robin", start: new Date("2026-03-03T20:00:00Z"), timezone: TZ, customer: { name: "Ana", phone: "+15550100" } }) },
  emailSaved: { "details sent": () => reply.emailSaved("jordan.alvarez-smith@example-mail.com", 2), "nothing to send": () => reply.emailSaved("jo@example.com", 0) },
  planIncomplete: { "session 3": () => reply.planIncomplete(catalog, IMPLANT, 3) },
  notBooked: {
    "taken, three times": () => reply.notBooked(catalog, "taken", offers, offers[0]!.start),
    "unavailable, none": () => reply.notBooked(catalog, "unavailable", [], offers[0]!.start),
  },
  sequentialWaiting: {
    "next booked": () => reply.sequentialWaiting(catalog, COURSE, { nextUpcoming: offers[0]!.start, booked: 1, totalSessions: 3 }),
  },
  planFinished: { "": () => reply.planFinished(IMPLANT) },
  inviteNext: { "session 2 of 3": () => reply.inviteNext(catalog, COURSE, 2, 3) },
  bookingsList: {
    none: () => reply.bookingsList(catalog, []),
    "three bookings": () => reply.bookingsList(catalog, [booking(), implantSession(1, planSessions[0]!.start, "pending_approval"), booking({ serviceId: "beard", start: offers[2]!.start, status: "pending_payment" })]),
  },
  noBookingsTo: { cancel: () => reply.noBookingsTo("cancel") },
  whichBooking: {
    "three bookings": () => reply.whichBooking(catalog, [booking(), implantSession(2, planSessions[1]!.start), booking({ serviceId: "beard", start: offers[2]!.start })], "move"),
  },
  confirmCancel: {
    "late, with a fee": () => reply.confirmCancel(catalog, { ...implantSession(2, planSessions[1]!.start), cancellation: { feeCents: 25000, refundCents: 25000, currency: "USD" } }),
    "in time, refunded": () => reply.confirmCancel(catalog, booking({ cancellation: { feeCents: 0, refundCents: 4500, currency: "USD" } })),
    "late pass session": () => reply.confirmCancel(catalog, booking({ serviceId: "massage", packageCredit: "used" })),
  },
  cancelled: {
    refunded: () => reply.cancelled(catalog, booking({ cancellation: { feeCents: 0, refundCents: 4500, currency: "USD" } })),
    "pass credit back": () => reply.cancelled(catalog, booking({ serviceId: "massage", packageCredit: "returned" })),
  },
  confirmCancelAgain: { "": () => reply.confirmCancelAgain() },
  cannotCancelByText: { "": () => reply.cannotCancelByText() },
  keptBooking: { "": () => reply.keptBooking() },
  askNewTime: { "plan session": () => reply.askNewTime(catalog, implantSession(2, planSessions[1]!.start)) },
  confirmMove: { "plan session": () => reply.confirmMove(catalog, implantSession(2, planSessions[1]!.start), offers[1]!) },
  moved: { "": () => reply.moved(catalog, booking()) },
  rescheduleRequired: { "plan session": () => reply.rescheduleRequired(catalog, implantSession(2, planSessions[1]!.start)) },
  startOver: { "three services": () => reply.startOver(catalog) },
  restarted: { "three services": () => reply.restarted(catalog) },
  backup: {
    no_booking: () => reply.backup(catalog, { kind: "no_booking" }),
    needs_time: () => reply.backup(catalog, { kind: "needs_time", booking: heldBooking }),
    same_time: () => reply.backup(catalog, { kind: "same_time", booking: heldBooking }),
    not_free: () => reply.backup(catalog, { kind: "not_free", booking: heldBooking, wanted: new Date("2026-03-06T21:00:00.000Z") }),
    saved: () => reply.backup(catalog, { kind: "saved", booking: heldBooking, backupStart: new Date("2026-03-06T21:00:00.000Z") }),
  },
  failed: { "": () => reply.failed() },
  notOffered: {
    "closed hours, three times": () => reply.notOffered(catalog, { start: offers[0]!.start, why: { kind: "closed_hours", open: [{ startMinute: 540, endMinute: 720 }, { startMinute: 780, endMinute: 1020 }] } }, offers),
    "closed day, three times": () => reply.notOffered(catalog, { start: offers[0]!.start, why: { kind: "closed_day" } }, offers),
    "too soon, three times": () => reply.notOffered(catalog, { start: offers[0]!.start, why: { kind: "too_soon", minNoticeMinutes: 120 } }, offers),
    "too far, three times": () => reply.notOffered(catalog, { start: offers[0]!.start, why: { kind: "too_far", maxAdvanceDays: 90 } }, offers),
    "passed, three times": () => reply.notOffered(catalog, { start: offers[0]!.start, why: { kind: "past" } }, offers),
    "taken, none": () => reply.notOffered(catalog, { start: offers[0]!.start, why: { kind: "taken" } }, []),
  },
  whichService: { "three services": () => reply.whichService(catalog) },
  askDateAgain: { "one service": () => reply.askDateAgain(BEARD) },
  whichDate: { "3/4": () => reply.whichDate(catalog, "3/4", [{ year: 2026, month: 3, day: 4 }, { year: 2026, month: 4, day: 3 }]) },
  planGapOffers: {
    "three times": () => reply.planGapOffers(catalog, { sessionNumber: 2, previousSessionNumber: 1, minGapDays: 7, firstDay: "2026-03-10" }, offers),
  },
  describeBooking: {
    "awaiting approval": () => reply.describeBooking(catalog, implantSession(2, planSessions[1]!.start, "pending_approval")),
    "awaiting payment": () => reply.describeBooking(catalog, booking({ status: "pending_payment" })),
  },
  sessionLabel: { labelled: () => reply.sessionLabel(IMPLANT.plan!, 1) },
  packageLeft: { "": () => reply.packageLeft({ remaining: 2, total: 5 }) },

  help: { "": () => reply.help() },
  optedBackIn: { "": () => reply.optedBackIn() },
  mediaOnly: { "": () => reply.mediaOnly() },
  welcomeBack: { "": () => reply.welcomeBack() },

  approved: { "plan session": () => reply.approved(noticeBooking) },
  rejected: { "plan session": () => reply.rejected(noticeBooking) },
  cancelledByBusiness: { "plan session": () => reply.cancelledByBusiness(noticeBooking) },
  cancelledByBusinessRefunded: { "": () => reply.cancelledByBusinessRefunded(plainNotice, { cents: 4500, currency: "USD" }) },
  rescheduledByBusiness: { "plan session": () => reply.rescheduledByBusiness(noticeBooking, from) },
  movedToBackup: { "plan session": () => reply.movedToBackup(noticeBooking, from) },
  reminder: { "plan session": () => reply.reminder(noticeBooking) },
  feedback: { "plan session": () => reply.feedback(noticeBooking) },
  holdExpired: {
    one: () => reply.holdExpired([noticeBooking]),
    "3-session plan": () => reply.holdExpired(planSessions.map((s, i) => ({ ...noticeBooking, start: new Date(s.start), sessionNumber: i + 1 }))),
  },
  approvalExpired: { "plan session": () => reply.approvalExpired(noticeBooking) },

  bookedOnline: {
    confirmed: () => reply.bookedOnline({ ...online, status: "confirmed" }),
    "awaiting approval": () => reply.bookedOnline({ ...online, status: "pending_approval" }),
    "awaiting payment": () => reply.bookedOnline({ ...online, status: "pending_payment", holdMinutes: 30 }),
    "3-session plan": () => reply.bookedOnline({ ...online, serviceName: "Hair Implant", starts: planSessions.map((s) => s.start), status: "confirmed" }),
  },

  paymentReceived: {
    one: () => reply.paymentReceived({ serviceName: "Haircut", starts: [offers[0]!.start], timezone: TZ }),
    "a new pass": () => reply.paymentReceived({ serviceName: "Head Massage", starts: [offers[0]!.start], timezone: TZ, pass: { remaining: 4, total: 5 } }),
    "3-session plan": () => reply.paymentReceived({ serviceName: "Hair Implant", starts: planSessions.map((s) => s.start), timezone: TZ }),
  },
  paidAfterCancel: { "": () => reply.paidAfterCancel({ serviceName: "Hair Implant", start: planSessions[1]!.start, timezone: TZ }, { cents: 127500, currency: "USD" }) },
  refundedCancelledSessions: {
    one: () => reply.refundedCancelledSessions({ starts: [planSessions[1]!.start], timezone: TZ }, { cents: 42500, currency: "USD" }),
    two: () => reply.refundedCancelledSessions({ starts: planSessions.slice(1).map((s) => s.start), timezone: TZ }, { cents: 85000, currency: "USD" }),
  },
  paidTooLate: {
    "three times": () => reply.paidTooLate({ start: offers[0]!.start, timezone: TZ, nearest: offers.map((o) => o.start) }, { cents: 4500, currency: "USD" }),
    none: () => reply.paidTooLate({ start: offers[0]!.start, timezone: TZ, nearest: [] }, { cents: 4500, currency: "USD" }),
  },
  paymentLinkExpired: { "": () => reply.paymentLinkExpired() },
  paymentProcessing: { "two sessions": () => reply.paymentProcessing({ serviceName: "Colour treatment", starts: [offers[0]!.start, offers[1]!.start], timezone: TZ }) },
  delayedPaymentFailed: { "one session": () => reply.delayedPaymentFailed({ serviceName: "Colour treatment", starts: [offers[0]!.start], timezone: TZ }) },
  paymentLinkFollows: { "": () => reply.paymentLinkFollows() },
  paymentLinkLater: { "a Checkout link": () => reply.paymentLinkLater("https://checkout.stripe.com/c/pay/cs_test_a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ") },
  choicePrompt: { "": () => reply.choicePrompt() },
  choiceListButton: { "": () => reply.choiceListButton() },
  yesButton: { "": () => reply.yesButton() },
  noButton: { "": () => reply.noButton() },
  paymentPageTitle: { paid: () => reply.paymentPageTitle("paid"), cancelled: () => reply.paymentPageTitle("cancelled") },
  paymentPageText: { paid: () => reply.paymentPageText("paid"), cancelled: () => reply.paymentPageText("cancelled") },
};


/** Texts whose content needs more than one segment, and how many they may take. Everything else: one. */
const MAY_TAKE: Record<string, number> = {
  "summary: 3-session plan": 2,
  // The Checkout URL alone takes most of two segments.
  "booked: held for payment": 3,
  "booked: 3-session plan held for payment": 3,
  "bookingsList: three bookings": 2,
  "paidTooLate: three times": 2,
  // Three sessions and a manage link.
  "bookedOnline: 3-session plan": 2,
};

const cases: [string, () => string][] = Object.entries(samples).flatMap(([id, named]) =>
  Object.entries(named).map(([name, text]): [string, () => string] => [name ? `${id}: ${name}` : id, text]),
);

describe("the bot's own texts as SMS", () => {
  it("has a sample of every message id", () => {
    // The emails' catalog (reply.email) is not sent as SMS: its texts are checked with the emails.
    expect(Object.keys(samples).sort()).toEqual(Object.keys(reply).filter((id) => id !== "email").sort());
    for (const named of Object.values(samples)) expect(Object.keys(named).length).toBeGreaterThan(0);
  });

  it("lists as exceptions only texts that have samples", () => {
    const names = new Set(cases.map(([name]) => name));
    for (const name of Object.keys(MAY_TAKE)) expect(names).toContain(name);
  });

  it.each(cases)("%s is GSM-7 and within its segments", (name, text) => {
    const body = text();
    const nonGsm = [...body].filter((c) => !isGsm7(c));
    expect({ name, nonGsm }).toEqual({ name, nonGsm: [] });
    const { encoding, segments } = smsSegments(body);
    expect(encoding).toBe("GSM-7");
    expect({ body, septets: gsm7Length(body), segments }).toEqual({ body, septets: gsm7Length(body), segments: Math.min(segments, MAY_TAKE[name] ?? 1) });
  });
});

/** The catalog, and the texts still composed inline (the machine's, the payment service's): no character outside GSM-7 outside comments. */
describe("the sources that compose texts", () => {
  const roots = ["src/copy", "src/conversation", "src/operations", "src/http/admin", "src/payments", "src/jobs", "src/channels/outbox.ts", "src/http/paymentPages.ts"];
  const files = roots.flatMap((root) => (root.endsWith(".ts") ? [root] : readdirSync(join(REPO, root)).filter((f) => f.endsWith(".ts")).map((f) => join(root, f))));

  it.each(files)("%s has no non-GSM character in its code", (file) => {
    const code = readFileSync(join(REPO, file), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/(^|\s)\/\/.*$/gm, "$1");
    const found = [...code].filter((c) => c.charCodeAt(0) > 0x7f && !isGsm7(c));
    expect(found).toEqual([]);
  });
});

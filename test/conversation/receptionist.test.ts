/**
 * The bot as a front desk (issue #20), through the real app and database (PGlite, or PostgreSQL
 * with DATABASE_URL): customers' questions answered from the business's data and FAQ with one
 * offer to book, courtesies acknowledged, what customers tell staff turned into notifications, and
 * free-worded questions about their own bookings, each from a fresh number, alone, after a booking,
 * after an answer, or in the middle of booking.
 *
 * The demo salon in New York: Alex works Mon-Fri 09:00-17:00, Sam Tue-Sat 10:00-18:00, so the
 * salon is open Mon 09:00-17:00, Tue-Fri 09:00-18:00, Sat 10:00-18:00 and closed on Sunday. The
 * clock is Monday 2 March 2026, 08:00 in New York: "tomorrow" is Tuesday 3 March.
 */
import request from "supertest";
import { isGsm7 } from "../../src/channels/smsSegments";
import { readTwimlMessages, signatureFor, twilioForm } from "../../scripts/twilioClient";
import { AUTH_TOKEN, type AdminServer, MONDAY_8AM, PUBLIC_BASE_URL, fieldsOf, phoneMaker, startAdminServer } from "../support/adminClient";

let server: AdminServer;
const newPhone = phoneMaker("555620");

const ADDRESS = "12 Elm Street, Brooklyn, NY 11201";
const EMAIL = "hello@demosalon.test";
const FAQ = [
  { question: "Do you have parking?", answer: "Yes, free parking behind the building." },
  { question: "Can I pay by card?", answer: "We take all major cards and cash." },
  { question: "Do you take walk-ins?", answer: "Walk-ins are welcome when a chair is free, but booking is best." },
  { question: "Can I bring my kids?", answer: "Children are welcome with an adult." },
];
const [PARKING, CARDS, WALK_INS, KIDS] = FAQ.map((f) => f.answer) as [string, string, string, string];

const OFFER = "Want me to find you a time?";
const NOT_SURE = "I'm not sure about that, sorry. I've passed your question to the team and they'll reply here.";
const WELCOME_BOOKED = "You're welcome! See you then.";
const WELCOME_IDLE = "You're welcome! Text any time you'd like to book.";
const PERSON_TOLD = "Of course. I've asked the team to reply to you here as soon as they can.";
const PERSON_COMING = "The team has your message and will reply here soon.";
/** What a front-desk reply must never be: the booking menu, or not understanding. */
const NOT_FRONT_DESK = [/What would you like to book\?/, /didn't catch/, /Sorry, which one\?/, /not sure which service/];

beforeAll(async () => {
  server = await startAdminServer();
  const res = await server.admin.patch("/admin/business", { address: ADDRESS, contactEmail: EMAIL, faq: FAQ });
  if (res.status !== 200) throw new Error(`PATCH /admin/business answered ${res.status}: ${res.text}`);
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.clock.set(MONDAY_8AM);
});

// ---------------------------------------------------------------------------------------------
// Helpers

interface Booked {
  id: string;
  staff: string;
  /** As replies write it: "Wed 4 Mar, 10:00". */
  when: string;
}

/**
 * Distinct times for the table's bookings (two staff would fill a time after two customers):
 * Tuesday to Friday of the weeks after this one, 10:00 to 16:00, both staff working.
 */
const SLOT_DAYS = ["10 March", "11 March", "12 March", "13 March", "17 March", "18 March", "19 March", "20 March", "24 March", "25 March", "26 March", "27 March", "31 March", "1 April", "2 April", "3 April", "7 April", "8 April", "9 April", "10 April"];
const SLOT_HOURS = ["10am", "11am", "1pm", "2pm", "3pm", "4pm"];
let slotIndex = 0;
function nextSlot(): string {
  const i = slotIndex++;
  const day = SLOT_DAYS[Math.floor(i / SLOT_HOURS.length)];
  if (day === undefined) throw new Error("out of test booking slots");
  return `${day} at ${SLOT_HOURS[i % SLOT_HOURS.length]}`;
}

/** Books a haircut for `phone` (at `when`, or a time of its own), checks it was booked, and returns it. */
async function bookHaircut(phone: string, when = nextSlot()): Promise<Booked> {
  const [summary] = await server.text(phone, `haircut ${when}`);
  const m = /^Haircut: (\w{3} \d{1,2} \w{3}, \d\d:\d\d) with (\w+), \$35\.00\. Book it\? \(yes\/no\)$/.exec(summary ?? "");
  if (!m) throw new Error(`no summary for "haircut ${when}": ${summary}`);
  const [booked] = await server.text(phone, "yes");
  expect(booked).toMatch(/^Booked: Haircut/);
  const rows = await server.bookings({ phone });
  const row = rows.find((b) => b.status === "confirmed" && !rows.some((o) => o.start < b.start && o.status === "confirmed"));
  if (!row) throw new Error(`no booking for ${phone}`);
  return { id: row.id, staff: m[2]!, when: m[1]! };
}

interface Notice {
  id: string;
  kind: string;
  customer: { phone: string; name: string | null } | null;
  bookingId: string | null;
  text: string;
  createdAt: string;
  readAt: string | null;
}

/** The customer's notifications, oldest first (those written at one instant in any order); without those about bookings (new_booking, ...) unless `all`. */
async function noticesOf(phone: string, all = false): Promise<Notice[]> {
  const res = await server.admin.get("/admin/notifications");
  expect(res.status).toBe(200);
  const bookingKinds = ["new_booking", "pending_approval", "cancelled"];
  return (res.body as { items: Notice[] }).items.filter((n) => n.customer?.phone === phone && (all || !bookingKinds.includes(n.kind))).reverse();
}

/** Sends a signed webhook with a given MessageSid (as Twilio retries a delivery); returns the replies. */
async function deliver(phone: string, body: string, messageSid: string): Promise<{ status: number; text: string; replies: string[] }> {
  const form = twilioForm({ from: phone, body, messageSid });
  const signature = signatureFor({ serverUrl: "", publicBaseUrl: PUBLIC_BASE_URL, authToken: AUTH_TOKEN }, "/webhooks/twilio", form);
  const res = await request(server.app).post("/webhooks/twilio").type("form").set("X-Twilio-Signature", signature).send(form);
  return { status: res.status, text: res.text, replies: res.status === 200 ? readTwimlMessages(res.text) : [] };
}

/** Every reply checked here goes as GSM-7, never UCS-2 (one emoji or curly quote would double what it costs). */
function expectGsm7(replies: string[]): void {
  for (const reply of replies) {
    const outside = [...reply].filter((c) => !isGsm7(c));
    expect({ reply, outside }).toEqual({ reply, outside: [] });
  }
}

// ---------------------------------------------------------------------------------------------
// The table

/**
 * Where the customer stands before the message: a new number; a booking made; an answer given
 * (the offer to book is open); or in the middle of booking a haircut tomorrow, free times offered.
 */
type Setup = "new" | "booked" | "answered" | "booking";

type Expected =
  /** Answered from the business's data; `has`: what the reply must say. */
  | { kind: "answer"; has: (string | RegExp)[] }
  /** The business's FAQ entry's answer. */
  | { kind: "faq"; answer: string }
  /** No answer known: the team is told (unanswered_question). */
  | { kind: "not_sure" }
  /** A courtesy acknowledged. */
  | { kind: "courtesy" }
  /** Told to staff; `has`: what the customer's reply must say ("{staff}": the booking's staff member). */
  | { kind: "notice"; notice: "running_late" | "on_the_way" | "arrived" | "cannot_make_it" | "wants_person"; has: string[] }
  /** Their upcoming bookings, listed. */
  | { kind: "my_bookings" };

interface Row {
  setup: Setup;
  say: string;
  expect: Expected;
}

const answer = (...has: (string | RegExp)[]): Expected => ({ kind: "answer", has });
const faq = (text: string): Expected => ({ kind: "faq", answer: text });
const notice = (kind: Extract<Expected, { kind: "notice" }>["notice"], ...has: string[]): Expected => ({ kind: "notice", notice: kind, has });
const NOT_SURE_ROW: Expected = { kind: "not_sure" };
const COURTESY: Expected = { kind: "courtesy" };
const MY_BOOKINGS: Expected = { kind: "my_bookings" };

const WEEK_HOURS = ["Mon 2 Mar: 09:00-17:00", "Tue 3 Mar: 09:00-18:00", "Fri 6 Mar: 09:00-18:00", "Sat 7 Mar: 10:00-18:00", "Sun 8 Mar: closed"];
const ALL_PRICES = ["Haircut: $35.00, 30 minutes", "Colour treatment: $120.00, 90 minutes", "Styling pass: $40.00 for 3 sessions, 45 minutes", "Hair implant: $900.00 a session, 1 hour"];

const ROWS: Row[] = [
  // Prices, of a service, a plan (per session and in all), a pass, or all of them.
  { setup: "new", say: "How much is a haircut?", expect: answer("Haircut is $35.00 and takes 30 minutes.") },
  { setup: "new", say: "how much for a hair cut", expect: answer("Haircut is $35.00") },
  { setup: "new", say: "whats the price of a haircut pls", expect: answer("Haircut is $35.00") },
  { setup: "new", say: "HOW MUCH IS A TRIM??", expect: answer("Haircut is $35.00") },
  { setup: "new", say: "price for colour treatment?", expect: answer("Colour treatment is $120.00 and takes 90 minutes.") },
  { setup: "new", say: "how much does the color cost 🤔", expect: answer("Colour treatment is $120.00") },
  { setup: "new", say: "wat do u charge for a blow dry", expect: answer("Styling pass is $40.00 for a pass of 3 sessions (45 minutes each).") },
  { setup: "new", say: "how much is the implant plan", expect: answer("Hair implant is $900.00 a session, $2,700.00 for all 3 sessions (1 hour each).") },
  { setup: "new", say: "cost of scalp physio?", expect: answer("$60.00 a session", "$480.00 for all 8 sessions") },
  { setup: "new", say: "How much are styling lessons?", expect: answer("Styling lessons is $50.00 a session, $500.00 for all 10 sessions") },
  { setup: "new", say: "what are your prices", expect: answer("Our prices:", ...ALL_PRICES) },
  { setup: "new", say: "prices?", expect: answer("Our prices:", ...ALL_PRICES) },
  { setup: "booked", say: "how much is colour? 💇", expect: answer("Colour treatment is $120.00") },
  { setup: "new", say: "hw much is a haircut", expect: answer("Haircut is $35.00") },
  { setup: "new", say: "how much 4 a haircut?", expect: answer("Haircut is $35.00") },
  { setup: "new", say: "$ for a cut?", expect: answer("Haircut is $35.00") },
  { setup: "new", say: "Haircut price?", expect: answer("Haircut is $35.00") },
  { setup: "new", say: "how much is a haircut and colour?", expect: answer("Haircut is $35.00 and takes 30 minutes.", "Colour treatment is $120.00 and takes 90 minutes.") },
  { setup: "new", say: "how much does a lesson cost?", expect: answer("Styling lessons is $50.00 a session") },
  { setup: "new", say: "how much is the pass?", expect: answer("Styling pass is $40.00 for a pass of 3 sessions") },
  // How long.
  { setup: "new", say: "how long does a haircut take?", expect: answer("Haircut takes 30 minutes.") },
  { setup: "new", say: "How long is the colour treatment", expect: answer("Colour treatment takes 90 minutes.") },
  { setup: "new", say: "how long r the scalp physio sessions", expect: answer("Each Scalp physio session takes 45 minutes, 8 sessions in all.") },
  { setup: "new", say: "how many sessions is the implant plan and how long", expect: answer("Each Hair implant session takes 1 hour, 3 sessions in all.") },
  // Opening hours, a day or the week.
  { setup: "new", say: "are you open on saturday?", expect: answer("We're open 10:00-18:00 on Sat 7 Mar.") },
  { setup: "new", say: "r u open sunday", expect: answer("We're closed on Sun 8 Mar.") },
  { setup: "new", say: "What are your opening hours?", expect: answer("Our hours this week:", ...WEEK_HOURS) },
  { setup: "new", say: "what time do you open tomorrow", expect: answer("We're open 09:00-18:00 on Tue 3 Mar.") },
  { setup: "new", say: "what time do u close on friday?", expect: answer("09:00-18:00 on Fri 6 Mar") },
  { setup: "new", say: "opening hours pls", expect: answer("Our hours this week:", ...WEEK_HOURS) },
  { setup: "new", say: "are you open today?", expect: answer("We're open 09:00-17:00 on Mon 2 Mar.") },
  { setup: "new", say: "when are you open", expect: answer(...WEEK_HOURS) },
  { setup: "new", say: "hours?", expect: answer(...WEEK_HOURS) },
  { setup: "booked", say: "Are you open Saturday? 🙂", expect: answer("10:00-18:00 on Sat 7 Mar") },
  { setup: "new", say: "what time do you shut on saturday", expect: answer("We're open 10:00-18:00 on Sat 7 Mar.") },
  { setup: "new", say: "when do you close today?", expect: answer("We're open 09:00-17:00 on Mon 2 Mar.") },
  { setup: "new", say: "do you work weekends?", expect: answer("Sat 7 Mar: 10:00-18:00", "Sun 8 Mar: closed") },
  { setup: "new", say: "Hours on Friday?", expect: answer("We're open 09:00-18:00 on Fri 6 Mar.") },
  { setup: "new", say: "what time r u open til 2moro", expect: answer("09:00-18:00 on Tue 3 Mar") },
  // A staff member on a day, and their free times.
  { setup: "new", say: "is Alex working tomorrow?", expect: answer(/^Alex works 09:00-17:00 on Tue 3 Mar\. Free at \d\d:\d\d, \d\d:\d\d and \d\d:\d\d\./) },
  { setup: "new", say: "is sam in on saturday?", expect: answer(/^Sam works 10:00-18:00 on Sat 7 Mar\. Free at \d\d:\d\d/) },
  { setup: "new", say: "does alex work on sunday", expect: answer("Alex isn't working on Sun 8 Mar.") },
  { setup: "new", say: "Is Sam working today?", expect: answer("Sam isn't working on Mon 2 Mar.") },
  { setup: "new", say: "when is alex working?", expect: answer("Alex works:", "Mon 2 Mar: 09:00-17:00", "Fri 6 Mar: 09:00-17:00") },
  { setup: "new", say: "is alex free on thursday", expect: answer(/^Alex works 09:00-17:00 on Thu 5 Mar\. Free at/) },
  { setup: "booked", say: "is sam around on friday?", expect: answer(/^Sam works 10:00-18:00 on Fri 6 Mar\./) },
  { setup: "new", say: "Is Sam working on Wednesday?", expect: answer(/^Sam works 10:00-18:00 on Wed 4 Mar\. Free at /) },
  { setup: "new", say: "is alex in today?", expect: answer(/^Alex works 09:00-17:00 on Mon 2 Mar\. Free at /) },
  { setup: "new", say: "whens sam in?", expect: answer("Sam works:", "Tue 3 Mar: 10:00-18:00", "Sat 7 Mar: 10:00-18:00") },
  // Where, and how to reach the business.
  { setup: "new", say: "where are you?", expect: answer(`We're at ${ADDRESS}.`) },
  { setup: "new", say: "whats your address", expect: answer(ADDRESS) },
  { setup: "new", say: "Where are you located? 📍", expect: answer(ADDRESS) },
  { setup: "new", say: "how do I get there", expect: answer(ADDRESS) },
  { setup: "booked", say: "what's the address again", expect: answer(ADDRESS) },
  { setup: "new", say: "whats ur phone number", expect: answer("Text this number any time", EMAIL) },
  { setup: "new", say: "how can i contact you", expect: answer(EMAIL) },
  { setup: "new", say: "what's your email?", expect: answer(EMAIL) },
  { setup: "new", say: "wheres the salon", expect: answer(ADDRESS) },
  { setup: "new", say: "where do i go?", expect: answer(ADDRESS) },
  // What can be booked.
  { setup: "new", say: "what services do you offer?", expect: answer("We offer:", ...ALL_PRICES) },
  { setup: "new", say: "What can i book", expect: answer("We offer:", "Styling lessons: $50.00 a session, 1 hour") },
  { setup: "new", say: "what do you do", expect: answer("We offer:") },
  { setup: "new", say: "services?", expect: answer("We offer:") },
  { setup: "new", say: "what treatments do you have?", expect: answer("We offer:", "Scalp physio: $60.00 a session, 45 minutes") },
  // Who this is.
  { setup: "new", say: "who is this?", expect: answer("This is Slotline Demo Salon's booking assistant.") },
  { setup: "new", say: "who's this", expect: answer("Slotline Demo Salon's booking assistant") },
  { setup: "new", say: "are you a bot?", expect: answer("Slotline Demo Salon's booking assistant") },
  { setup: "new", say: "is this a real person??", expect: answer("Slotline Demo Salon's booking assistant") },
  { setup: "new", say: "who am i talking to", expect: answer("Slotline Demo Salon's booking assistant") },
  { setup: "new", say: "who r u", expect: answer("Slotline Demo Salon's booking assistant") },
  { setup: "new", say: "what is this number?", expect: answer("Slotline Demo Salon's booking assistant") },
  { setup: "new", say: "am I talking to a real person?", expect: answer("Slotline Demo Salon's booking assistant") },
  // The business's FAQ, by its words.
  { setup: "new", say: "do you have parking?", expect: faq(PARKING) },
  { setup: "new", say: "is there parking nearby", expect: faq(PARKING) },
  { setup: "new", say: "where can i park my car", expect: faq(PARKING) },
  { setup: "new", say: "can i pay by card?", expect: faq(CARDS) },
  { setup: "new", say: "Do you accept credit cards", expect: faq(CARDS) },
  { setup: "new", say: "do u take cash", expect: faq(CARDS) },
  { setup: "new", say: "do you take walk ins?", expect: faq(WALK_INS) },
  { setup: "new", say: "walk-ins ok?", expect: faq(WALK_INS) },
  { setup: "new", say: "can I bring my kids", expect: faq(KIDS) },
  { setup: "new", say: "are children allowed?", expect: faq(KIDS) },
  { setup: "booked", say: "is there parking? 🚗", expect: faq(PARKING) },
  { setup: "new", say: "do you accept apple pay?", expect: faq(CARDS) },
  { setup: "new", say: "is there somewhere to park?", expect: faq(PARKING) },
  { setup: "new", say: "can i just walk in?", expect: faq(WALK_INS) },
  { setup: "new", say: "is it ok if i bring my son?", expect: faq(KIDS) },
  // Nothing known: the team is told, never the booking menu.
  { setup: "new", say: "is there wifi?", expect: NOT_SURE_ROW },
  { setup: "new", say: "can I bring my dog?", expect: NOT_SURE_ROW },
  { setup: "new", say: "do you sell gift cards?", expect: NOT_SURE_ROW },
  { setup: "new", say: "what shampoo do you use?", expect: NOT_SURE_ROW },
  { setup: "booked", say: "Is there a bathroom I can use?", expect: NOT_SURE_ROW },
  { setup: "new", say: "do you do eyebrows?", expect: NOT_SURE_ROW },
  { setup: "new", say: "Do you have a loyalty program?", expect: NOT_SURE_ROW },
  // Courtesies after a booking or an answer.
  { setup: "booked", say: "thanks!", expect: COURTESY },
  { setup: "booked", say: "Thank you so much 😊", expect: COURTESY },
  { setup: "booked", say: "ok cool see you then", expect: COURTESY },
  { setup: "booked", say: "👍", expect: COURTESY },
  { setup: "booked", say: "ty", expect: COURTESY },
  { setup: "booked", say: "perfect 👌", expect: COURTESY },
  { setup: "booked", say: "cheers!", expect: COURTESY },
  { setup: "booked", say: "thx", expect: COURTESY },
  { setup: "booked", say: "ok", expect: COURTESY },
  { setup: "booked", say: "great, thanks a lot. bye!", expect: COURTESY },
  { setup: "booked", say: "Thanks!! 🙏🙏", expect: COURTESY },
  { setup: "booked", say: "awesome thx", expect: COURTESY },
  { setup: "booked", say: "❤️", expect: COURTESY },
  { setup: "booked", say: "k", expect: COURTESY },
  { setup: "booked", say: "bye", expect: COURTESY },
  { setup: "booked", say: "have a good day", expect: COURTESY },
  { setup: "answered", say: "thanks", expect: COURTESY },
  { setup: "answered", say: "ok thanks!", expect: COURTESY },
  { setup: "answered", say: "no worries, bye", expect: COURTESY },
  { setup: "answered", say: "cool", expect: COURTESY },
  { setup: "booked", say: "thank you, see you on tuesday!", expect: COURTESY },
  { setup: "booked", say: "great thanks, see u tuesday", expect: COURTESY },
  { setup: "booked", say: "ok see you on the 10th!", expect: COURTESY },
  { setup: "answered", say: "Thank you!! 🙏", expect: COURTESY },
  { setup: "answered", say: "thx for that", expect: COURTESY },
  // Notices to staff, tied to the next booking.
  { setup: "booked", say: "running 10 min late sorry!", expect: notice("running_late", "Thanks for letting us know - we've told {staff} you'll be about 10 minutes late.") },
  { setup: "booked", say: "I'm running late", expect: notice("running_late", "we've told {staff} you're running late.") },
  { setup: "booked", say: "gonna be 15 mins late", expect: notice("running_late", "{staff} you'll be about 15 minutes late") },
  { setup: "booked", say: "sorry running abt 5 min late", expect: notice("running_late", "{staff} you'll be about 5 minutes late") },
  { setup: "booked", say: "Stuck in traffic, be there asap", expect: notice("running_late", "{staff} you're running late") },
  { setup: "booked", say: "Running a bit behind, be there in 10", expect: notice("running_late", "{staff} you're running late") },
  { setup: "booked", say: "I'm running 20 minutes late, so sorry!!", expect: notice("running_late", "{staff} you'll be about 20 minutes late") },
  { setup: "booked", say: "on my way!", expect: notice("on_the_way", "Thanks! We've let {staff} know you're on your way.") },
  { setup: "booked", say: "omw 🚗", expect: notice("on_the_way", "{staff} know you're on your way") },
  { setup: "booked", say: "leaving now", expect: notice("on_the_way", "{staff} know you're on your way") },
  { setup: "booked", say: "be there in 5", expect: notice("on_the_way", "{staff} know you're on your way") },
  { setup: "booked", say: "I'm outside", expect: notice("arrived", "Thanks! We've let {staff} know you're here.") },
  { setup: "booked", say: "im here", expect: notice("arrived", "{staff} know you're here") },
  { setup: "booked", say: "just arrived 🙂", expect: notice("arrived", "{staff} know you're here") },
  { setup: "booked", say: "Hi, I'm at the door", expect: notice("arrived", "{staff} know you're here") },
  { setup: "booked", say: "we're here", expect: notice("arrived", "{staff} know you're here") },
  { setup: "booked", say: "I'm in the car park", expect: notice("arrived", "{staff} know you're here") },
  { setup: "booked", say: "I can't make it", expect: notice("cannot_make_it", "Sorry you can't make it. We've let {staff} know.") },
  { setup: "booked", say: "sorry cant make it", expect: notice("cannot_make_it", "We've let {staff} know.") },
  { setup: "booked", say: "I won't be able to come", expect: notice("cannot_make_it", "We've let {staff} know.") },
  { setup: "booked", say: "I'm so sorry I can't come, I'm sick 🤒", expect: notice("cannot_make_it", "We've let {staff} know.") },
  { setup: "booked", say: "not going to make it today sorry", expect: notice("cannot_make_it", "We've let {staff} know.") },
  { setup: "booked", say: "can i speak to someone?", expect: notice("wants_person", PERSON_TOLD) },
  { setup: "booked", say: "I want to talk to a real person", expect: notice("wants_person", PERSON_TOLD) },
  { setup: "booked", say: "is it possible to speak with the manager?", expect: notice("wants_person", PERSON_TOLD) },
  { setup: "new", say: "can I talk to a human please", expect: notice("wants_person", PERSON_TOLD) },
  { setup: "new", say: "can someone call me", expect: notice("wants_person", PERSON_TOLD) },
  // Their own bookings, in free words.
  { setup: "booked", say: "what was my booking again?", expect: MY_BOOKINGS },
  { setup: "booked", say: "when am I in?", expect: MY_BOOKINGS },
  { setup: "booked", say: "when's my appointment?", expect: MY_BOOKINGS },
  { setup: "booked", say: "what time is my appt", expect: MY_BOOKINGS },
  { setup: "booked", say: "remind me when my booking is", expect: MY_BOOKINGS },
  { setup: "booked", say: "Did I book for the 10th?", expect: MY_BOOKINGS },
  { setup: "booked", say: "what day am i booked for", expect: MY_BOOKINGS },
  { setup: "booked", say: "When is my next appointment?", expect: MY_BOOKINGS },
  { setup: "booked", say: "what did I book?", expect: MY_BOOKINGS },
  { setup: "booked", say: "do i have an appointment this month?", expect: MY_BOOKINGS },
  { setup: "booked", say: "when's my haircut?", expect: MY_BOOKINGS },
  { setup: "booked", say: "what time's my appointment again", expect: MY_BOOKINGS },
  // In the middle of booking: answered without the offer; the booking goes on (checked after).
  { setup: "booking", say: "how much is a haircut?", expect: answer("Haircut is $35.00 and takes 30 minutes.") },
  { setup: "booking", say: "are you open saturday?", expect: answer("We're open 10:00-18:00 on Sat 7 Mar.") },
  { setup: "booking", say: "do you have parking?", expect: faq(PARKING) },
  { setup: "booking", say: "where r u", expect: answer(ADDRESS) },
  { setup: "booking", say: "is alex working tomorrow?", expect: answer(/^Alex works 09:00-17:00 on Tue 3 Mar\./) },
  { setup: "booking", say: "actually can I speak to a person first?", expect: notice("wants_person", PERSON_TOLD) },
];

interface Before {
  booking?: Booked;
  /** The free times offered in the middle of booking. */
  offered?: string;
}

async function prepare(phone: string, setup: Setup): Promise<Before> {
  switch (setup) {
    case "new":
      return {};
    case "booked":
      return { booking: await bookHaircut(phone) };
    case "answered": {
      const [reply] = await server.text(phone, "how much is a haircut?");
      expect(reply).toBe(`Haircut is $35.00 and takes 30 minutes.\n${OFFER}`);
      return {};
    }
    case "booking": {
      const [offered] = await server.text(phone, "haircut tomorrow");
      expect(offered).toMatch(/^Free times:\n1\) Tue 3 Mar, \d\d:\d\d\n/);
      return { offered };
    }
  }
}

const nameOf = (row: Row) => {
  const e = row.expect;
  const what = e.kind === "notice" ? `notice ${e.notice}` : e.kind === "answer" ? `answer: ${e.has.map(String).join(" / ").slice(0, 60)}` : e.kind;
  return `[${row.setup}] ${JSON.stringify(row.say)} -> ${what}`;
};

describe("the front desk: one customer message each", () => {
  it("has at least 80 rows", () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(80);
    expect(new Set(ROWS.map((r) => `${r.setup}|${r.say}`)).size).toBe(ROWS.length);
  });

  it.each(ROWS.map((row) => [nameOf(row), row] as const))("%s", async (_name, row) => {
    const phone = newPhone();
    const before = await prepare(phone, row.setup);
    const replies = await server.text(phone, row.say);
    const [reply = ""] = replies;
    const idle = row.setup !== "booking";
    expectGsm7(replies);
    for (const pattern of NOT_FRONT_DESK) expect(replies.join("\n")).not.toMatch(pattern);
    const fill = (s: string) => s.replace("{staff}", before.booking?.staff ?? "the team");

    const e = row.expect;
    switch (e.kind) {
      case "answer":
      case "faq": {
        expect(replies).toHaveLength(1);
        const offers = reply.split(OFFER).length - 1;
        if (idle) {
          expect(reply.endsWith(`\n${OFFER}`)).toBe(true);
          expect(offers).toBe(1);
        } else {
          expect(offers).toBe(0);
        }
        const body = idle ? reply.slice(0, -OFFER.length - 1) : reply;
        if (e.kind === "faq") expect(body).toBe(e.answer);
        else for (const has of e.has) expect(body).toEqual(typeof has === "string" ? expect.stringContaining(has) : expect.stringMatching(has));
        break;
      }
      case "not_sure": {
        expect(replies).toEqual([NOT_SURE]);
        const notices = await noticesOf(phone);
        expect(notices).toEqual([expect.objectContaining({ kind: "unanswered_question", bookingId: null, customer: { phone, name: null } })]);
        expect(notices[0]!.text).toContain(row.say);
        break;
      }
      case "courtesy":
        expect(replies).toEqual([before.booking ? WELCOME_BOOKED : WELCOME_IDLE]);
        break;
      case "notice": {
        for (const has of e.has) expect(reply).toContain(fill(has));
        if (e.notice === "cannot_make_it" && before.booking) {
          // Then the cancellation, offered with its terms.
          expect(replies).toHaveLength(2);
          expect(replies[1]).toMatch(new RegExp(`^Cancel Haircut, ${before.booking.when.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\?.*\\(yes/no\\)$`));
        } else {
          expect(replies).toHaveLength(1);
        }
        const notices = await noticesOf(phone);
        expect(notices).toEqual([expect.objectContaining({ kind: e.notice, bookingId: before.booking?.id ?? null, customer: { phone, name: null }, readAt: null })]);
        expect(notices[0]!.text).toContain(phone);
        break;
      }
      case "my_bookings":
        expect(replies).toEqual([`Your upcoming bookings:\n- Haircut, ${before.booking!.when}`]);
        break;
    }

    if (row.setup === "booking" && e.kind !== "notice") {
      // The booking goes on where it was: the first time offered, then its summary.
      const [summary] = await server.text(phone, "1");
      expect(summary).toMatch(/^Haircut: Tue 3 Mar, \d\d:\d\d with \w+, \$35\.00\. Book it\? \(yes\/no\)$/);
      expect(before.offered).toContain(summary!.slice("Haircut: ".length, "Haircut: Tue 3 Mar, 00:00".length));
    }
  });
});

/** Sends and checks every reply is GSM-7. */
async function say(phone: string, body: string): Promise<string[]> {
  const replies = await server.text(phone, body);
  expectGsm7(replies);
  return replies;
}

describe("the business's FAQ", () => {
  it("is kept within the contract's bounds: at most 50 entries, questions up to 200 and answers up to 600 characters", async () => {
    const entry = { question: "Is there parking?", answer: "Yes, behind the salon." };
    expect(fieldsOf(await server.admin.patch("/admin/business", { faq: Array.from({ length: 51 }, () => entry) }))).toEqual(["faq"]);
    expect(fieldsOf(await server.admin.patch("/admin/business", { faq: [{ ...entry, question: "q".repeat(201) }] }))).toEqual(["faq.0.question"]);
    expect(fieldsOf(await server.admin.patch("/admin/business", { faq: [{ ...entry, answer: "a".repeat(601) }] }))).toEqual(["faq.0.answer"]);
    expect(fieldsOf(await server.admin.patch("/admin/business", { faq: [{ question: "", answer: "x" }] }))).toEqual(["faq.0.question"]);
    // Nothing refused was kept.
    expect(((await server.admin.get("/admin/business")).body as { faq: unknown[] }).faq).toEqual(FAQ);
  });
});

describe("the offer to book", () => {
  it("a plain yes after a price books the service asked about: its day and time asked next", async () => {
    const phone = newPhone();
    expect(await say(phone, "how much is a haircut?")).toEqual([`Haircut is $35.00 and takes 30 minutes.\n${OFFER}`]);
    expect(await say(phone, "yes")).toEqual(['Haircut: what day and time would you like? (e.g. "tomorrow at 3pm")']);
    const [summary] = await say(phone, "thursday at 11am");
    expect(summary).toMatch(/^Haircut: Thu 5 Mar, 11:00 with \w+, \$35\.00\. Book it\? \(yes\/no\)$/);
  });

  it("a yes after a price asked for a day shows that service's free times that day, and books one", async () => {
    const phone = newPhone();
    expect(await say(phone, "how much is colour on friday?")).toEqual([`Colour treatment is $120.00 and takes 90 minutes.\n${OFFER}`]);
    const [times] = await say(phone, "sure");
    expect(times).toMatch(/^Free times:\n1\) Fri 6 Mar, \d\d:\d\d\n/);
    const first = /^1\) (Fri 6 Mar, \d\d:\d\d)$/m.exec(times!)![1]!;
    const [summary] = await say(phone, "1");
    expect(summary).toMatch(new RegExp(`^Colour treatment: ${first} with \\w+, \\$120\\.00`));
  });

  it("a yes after how long a plan takes goes on with that plan", async () => {
    const phone = newPhone();
    expect(await say(phone, "how long r the scalp physio sessions?")).toEqual([`Each Scalp physio session takes 45 minutes, 8 sessions in all.\n${OFFER}`]);
    const [next] = await say(phone, "yep");
    expect(next).toMatch(/^Scalp physio: /);
  });

  it("is made once per answer, and not after a courtesy: thanks after the offer is acknowledged", async () => {
    const phone = newPhone();
    await say(phone, "are you open on saturday?");
    expect(await say(phone, "thank you")).toEqual([WELCOME_IDLE]);
    expect(await say(phone, "thanks again")).toEqual([WELCOME_IDLE]);
  });
});

describe("a question in the middle of booking", () => {
  it("'how much is it?' while choosing a time is answered, and the time picked next is booked", async () => {
    const phone = newPhone();
    const [offered] = await say(phone, "haircut tomorrow");
    expect(offered).toMatch(/^Free times:\n1\) Tue 3 Mar/);
    const second = /^2\) (Tue 3 Mar, \d\d:\d\d)$/m.exec(offered!)![1]!;
    // "it" is the service being booked.
    const [price] = await say(phone, "how much is it?");
    expect(price).toBe("Haircut is $35.00 and takes 30 minutes.");
    expect(price).not.toContain(OFFER);
    const [summary] = await say(phone, "2");
    expect(summary).toMatch(new RegExp(`^Haircut: ${second} with \\w+, \\$35\\.00\\. Book it\\? \\(yes/no\\)$`));
    const [booked] = await say(phone, "yes");
    expect(booked).toMatch(new RegExp(`^Booked: Haircut, ${second}\\.`));
    expect((await server.bookings({ phone })).map((b) => b.status)).toEqual(["confirmed"]);
  });

  it("a question at 'Book it?' is answered, and yes then books", async () => {
    const phone = newPhone();
    const when = nextSlot();
    const [summary] = await say(phone, `haircut ${when}`);
    expect(summary).toMatch(/Book it\? \(yes\/no\)$/);
    expect(await say(phone, "do you have parking?")).toEqual([PARKING]);
    expect(await say(phone, "and where are you exactly?")).toEqual([expect.stringContaining(ADDRESS)]);
    const [booked] = await say(phone, "yes");
    expect(booked).toMatch(/^Booked: Haircut/);
  });

  it("a staff member's day asked while choosing: answered, and the time chosen next still books", async () => {
    const phone = newPhone();
    await say(phone, "colour treatment on thursday");
    const [staffDay] = await say(phone, "is sam working thursday?");
    expect(staffDay).toMatch(/^Sam works 10:00-18:00 on Thu 5 Mar\. Free at /);
    expect(staffDay).not.toContain(OFFER);
    const [summary] = await say(phone, "1");
    expect(summary).toMatch(/^Colour treatment: Thu 5 Mar, \d\d:\d\d with \w+, \$120\.00/);
  });
});

describe("notices to staff", () => {
  it("'running 10 min late' is one running_late notification about the next booking, with the customer", async () => {
    const phone = newPhone();
    const later = await bookHaircut(phone);
    const sooner = await bookHaircut(phone, "tomorrow at 4pm");
    const replies = await say(phone, "Running 10 min late, sorry!");
    expect(replies).toEqual([`Thanks for letting us know - we've told ${sooner.staff} you'll be about 10 minutes late.`]);
    const notices = await noticesOf(phone);
    expect(notices).toEqual([
      { id: expect.any(String), kind: "running_late", customer: { phone, name: null }, bookingId: sooner.id, text: expect.stringContaining("10 minutes late"), createdAt: "2026-03-02T13:00:00.000Z", readAt: null },
    ]);
    expect(notices[0]!.text).toContain("Haircut at Tue 3 Mar, 16:00");
    expect(later.id).not.toBe(sooner.id);
  });

  it("a webhook delivered twice (the same MessageSid) makes one notice and answers the retry with the same reply", async () => {
    const phone = newPhone();
    const booking = await bookHaircut(phone);
    const sid = "SM5a1b2c3d4e5f60718293a4b5c6d7e8f9";
    const first = await deliver(phone, "on my way 🚗", sid);
    expect(first.status).toBe(200);
    expect(first.replies).toEqual([`Thanks! We've let ${booking.staff} know you're on your way.`]);
    const again = await deliver(phone, "on my way 🚗", sid);
    expect(again.status).toBe(200);
    expect(again.replies).toEqual(first.replies);
    expect((await noticesOf(phone)).map((n) => [n.kind, n.bookingId])).toEqual([["on_the_way", booking.id]]);
  });

  it("each notice kind is written once, about the next booking", async () => {
    const phone = newPhone();
    const booking = await bookHaircut(phone);
    // A minute apart, as they would come: the list is newest first.
    await say(phone, "gonna be 5 mins late");
    server.clock.advanceMinutes(1);
    await say(phone, "omw");
    server.clock.advanceMinutes(1);
    await say(phone, "I'm outside");
    const notices = await noticesOf(phone);
    expect(notices.map((n) => n.kind)).toEqual(["running_late", "on_the_way", "arrived"]);
    for (const n of notices) expect(n).toMatchObject({ bookingId: booking.id, customer: { phone, name: null }, readAt: null });
    const all = await noticesOf(phone, true);
    expect(all.filter((n) => n.kind === "new_booking")).toHaveLength(1);
  });

  it("'can't make it' tells staff, then offers the cancellation; yes cancels it", async () => {
    const phone = newPhone();
    const booking = await bookHaircut(phone);
    const [told, confirm] = await say(phone, "so sorry, I can't make it");
    expect(told).toBe(`Sorry you can't make it. We've let ${booking.staff} know.`);
    expect(confirm).toMatch(new RegExp(`^Cancel Haircut, ${booking.when}\\?.*\\(yes/no\\)$`));
    const [cancelled] = await say(phone, "yes");
    expect(cancelled).toMatch(new RegExp(`^Cancelled: Haircut, ${booking.when}\\.`));
    const notices = (await noticesOf(phone, true)).map((n) => [n.kind, n.bookingId]);
    expect(notices.sort()).toEqual([
      ["cancelled", booking.id],
      ["cannot_make_it", booking.id],
      ["new_booking", booking.id],
    ]);
  });

  it("'can I talk to someone' stops the booking flow for 2 hours: a booking request meanwhile is told the team will reply", async () => {
    const phone = newPhone();
    expect(await say(phone, "can I talk to someone?")).toEqual([PERSON_TOLD]);
    expect((await noticesOf(phone)).map((n) => [n.kind, n.bookingId])).toEqual([["wants_person", null]]);
    expect(await say(phone, "haircut tomorrow at 2pm")).toEqual([PERSON_COMING]);
    expect(await say(phone, "yes")).toEqual([PERSON_COMING]);
    expect(await server.bookings({ phone })).toEqual([]);
    server.clock.advanceMinutes(119);
    expect(await say(phone, "hello??")).toEqual([PERSON_COMING]);
    // Questions are still answered meanwhile.
    expect(await say(phone, "how much is a haircut?")).toEqual([`Haircut is $35.00 and takes 30 minutes.\n${OFFER}`]);
    server.clock.advanceMinutes(2);
    const [summary] = await say(phone, "haircut thursday at 2pm");
    expect(summary).toMatch(/^Haircut: Thu 5 Mar, 14:00 with \w+, \$35\.00\. Book it\? \(yes\/no\)$/);
    // Only the one notice.
    expect((await noticesOf(phone)).map((n) => n.kind)).toEqual(["wants_person"]);
  });

  it("an unanswered question is one unanswered_question notice with the question, also when delivered twice", async () => {
    const phone = newPhone();
    const sid = "SM0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    const first = await deliver(phone, "Do you do eyelash extensions?", sid);
    expect(first.status).toBe(200);
    expect(first.replies).toEqual([NOT_SURE]);
    expect((await deliver(phone, "Do you do eyelash extensions?", sid)).replies).toEqual([NOT_SURE]);
    const notices = await noticesOf(phone);
    expect(notices).toEqual([expect.objectContaining({ kind: "unanswered_question", bookingId: null, customer: { phone, name: null } })]);
    expect(notices[0]!.text).toBe(`${phone} asked a question the bot could not answer: "Do you do eyelash extensions?"`);
  });
});

/**
 * The parser's phrasing table: messages as customers text them, with the fields each must produce
 * and those that must be absent. parser.test.ts checks every row; the understanding measure
 * counts them beside the messages the parser cannot place (beyondParser.ts).
 *
 * Fixed clock: 2026-03-05T15:00:00Z = Thursday 5 March 2026, 10:00 in New York.
 */
import type { LocalDate, LocalTime, ParseContext, ParsedMessage, ServiceMatch, ServiceRef } from "../../src/conversation/parser/types";

export const SERVICES: ServiceRef[] = [
  { id: "haircut", name: "Haircut", aliases: ["cut", "trim", "mens cut"] },
  { id: "colour", name: "Colour treatment", aliases: ["color", "colour", "dye"] },
  { id: "implant", name: "Dental implant", aliases: ["implant"] },
  { id: "physio", name: "Physiotherapy", aliases: ["physio", "pt"] },
  { id: "driving", name: "Driving lessons", aliases: ["driving", "lesson", "lessons"] },
  { id: "beard", name: "Beard trim", aliases: ["beard"] },
];

export const NEW_YORK: ParseContext = { now: new Date("2026-03-05T15:00:00Z"), timezone: "America/New_York", services: SERVICES };

export const d = (month: number, day: number, year = 2026): LocalDate => ({ year, month, day });
export const t = (hour: number, minute = 0): LocalTime => ({ hour, minute });
export const range = (from: LocalDate, to: LocalDate) => ({ from, to });
export const MORNING = { startMinute: 480, endMinute: 720 };
export const AFTERNOON = { startMinute: 720, endMinute: 1020 };
export const EVENING = { startMinute: 1020, endMinute: 1260 };
export const LUNCH = { startMinute: 690, endMinute: 810 };
export const svc = (...ids: string[]) => ids.map((id) => ({ id }));

export type Field = Exclude<keyof ParsedMessage, "text">;
/** Services may be listed by id alone when the score does not matter (the list length still does). */
export type Expected = Omit<Partial<ParsedMessage>, "services"> & { services?: Partial<ServiceMatch>[] };
export type Row = [message: string, expected: Expected, absent?: Field[]];


export const DATES_AND_TIMES: Row[] = [
  ["tomorrow", { date: d(3, 6) }, ["time", "choice", "count", "dateRange"]],
  ["Tomorrow", { date: d(3, 6) }, ["time"]],
  ["TOMORROW!!!", { date: d(3, 6) }, ["time"]],
  ["tmrw", { date: d(3, 6) }, ["time"]],
  ["today", { date: d(3, 5) }, ["time"]],
  ["day after tomorrow", { date: d(3, 7) }, ["time"]],
  ["the day after tomorrow", { date: d(3, 7) }, ["time", "choice"]],
  ["friday", { date: d(3, 6) }, ["time"]],
  ["Friday at 10", { date: d(3, 6), time: t(10) }, ["approximate", "choice"]],
  ["friday 10am", { date: d(3, 6), time: t(10) }],
  ["thursday", { date: d(3, 5) }, ["time"]], // today is Thursday: the coming one is today
  ["next tuesday", { date: d(3, 10) }, ["time"]],
  ["tuesday", { date: d(3, 10) }],
  ["tues at 11", { date: d(3, 10), time: t(11) }],
  ["wed", { date: d(3, 11) }],
  ["saturday", { date: d(3, 7) }],
  ["sunday at 3pm", { date: d(3, 8), time: t(15) }], // US spring-forward day
  ["Sunday 2pm", { date: d(3, 8), time: t(14) }],
  ["sun at 2:30am", { date: d(3, 8), time: t(2, 30) }], // a wall time the clocks skip: reported as said
  ["monday at 9", { date: d(3, 9), time: t(9) }], // first weekday after the change
  ["next friday", { date: d(3, 13) }],
  ["this friday", { date: d(3, 6) }],
  ["the 14th", { date: d(3, 14) }, ["choice", "time"]],
  ["on the 14th", { date: d(3, 14) }, ["choice"]],
  ["14th", { date: d(3, 14) }, ["choice"]],
  ["the 31st", { date: d(3, 31) }],
  ["on the 2nd", { date: d(4, 2) }, ["choice"]], // the 2nd has passed this month
  ["the 2nd of May", { date: d(5, 2) }, ["choice"]],
  ["May 2nd", { date: d(5, 2) }, ["choice"]],
  ["March 3", { date: d(3, 3, 2027) }], // never the past
  ["march 20", { date: d(3, 20) }],
  ["March 5", { date: d(3, 5) }],
  ["3/4", { date: d(3, 4, 2027) }, ["time", "choice"]], // US month/day
  ["3/14", { date: d(3, 14) }],
  ["12/25", { date: d(12, 25) }],
  ["monday the 9th", { date: d(3, 9) }],
  ["fri 13th", { date: d(3, 13) }],
  ["friday the 13th at 2", { date: d(3, 13), time: t(14) }],
  ["in 3 days", { date: d(3, 8) }],
  ["2 weeks from now", { date: d(3, 19) }],
  ["yesterday", {}, ["date", "yesNo"]],
  ["tomorrow at 3", { date: d(3, 6), time: t(15) }],
  ["tomorrow 3", { date: d(3, 6), time: t(15) }, ["choice", "count"]],
  ["3 tomorrow", { date: d(3, 6), time: t(15) }, ["choice", "count"]],
  ["tomorrow at 8", { date: d(3, 6), time: t(8) }],
  ["tomorrow at 12", { date: d(3, 6), time: t(12) }],
  ["at 3", { time: t(15) }, ["date", "choice", "count"]],
  ["3pm", { time: t(15) }, ["date", "choice"]],
  ["3 PM", { time: t(15) }, ["date"]],
  ["15:30", { time: t(15, 30) }, ["date"]],
  ["10.30am", { time: t(10, 30) }, ["date"]],
  ["7:30", { time: t(19, 30) }],
  ["07:30", { time: t(7, 30) }], // a leading zero is a 24-hour clock
  ["noon", { time: t(12) }, ["date"]],
  ["midday", { time: t(12) }, ["date"]],
  ["at noon tomorrow", { date: d(3, 6), time: t(12) }],
  ["at three", { time: t(15) }, ["choice", "count"]],
  ["half past 2", { time: t(14, 30) }],
  ["quarter to 4", { time: t(15, 45) }],
  ["tonight at 8", { date: d(3, 5), time: t(20) }],
  ["at 7 in the morning", { time: t(7) }],
  ["can I stop by at 3", { time: t(15) }, ["command", "timeOfDay"]],
  ["give me a second", {}, ["date", "time", "choice"]],
  ["30 minutes", {}, ["date", "time", "choice", "count"]],
  ["now", { date: d(3, 5) }, ["time"]],
  ["not friday, saturday", { date: d(3, 7) }],
  ["I can do monday or tuesday", { date: d(3, 9) }], // one date field: the first named
  ["i can do 9 tomorrow", { date: d(3, 6), time: t(9) }, ["count"]],
];

export const HEDGES_AND_WINDOWS: Row[] = [
  ["around noon", { time: t(12), approximate: true }],
  ["around 3", { time: t(15), approximate: true }, ["date", "choice"]],
  ["about 3pm", { time: t(15), approximate: true }],
  ["3ish", { time: t(15), approximate: true }, ["choice", "count"]],
  ["tomorrow 4ish", { date: d(3, 6), time: t(16), approximate: true }],
  ["I have a question about my booking", {}, ["approximate", "time"]],
  ["morning", { timeOfDay: MORNING }, ["date", "time"]],
  ["tuesday afternoon", { date: d(3, 10), timeOfDay: AFTERNOON }, ["time"]],
  ["tomorrow morning", { date: d(3, 6), timeOfDay: MORNING }, ["time"]],
  ["this morning", { date: d(3, 5), timeOfDay: MORNING }],
  ["friday evening", { date: d(3, 6), timeOfDay: EVENING }, ["time"]],
  ["tonight", { date: d(3, 5), timeOfDay: EVENING }, ["time"]],
  ["lunchtime", { timeOfDay: LUNCH }, ["time", "date"]],
  ["tomorrow lunchtime", { date: d(3, 6), timeOfDay: LUNCH }],
  ["around lunchtime", { timeOfDay: LUNCH, approximate: true }],
  ["good morning!", {}, ["timeOfDay"]],
  ["between 2 and 4", { timeOfDay: { startMinute: 840, endMinute: 960 } }, ["time"]],
  ["after 5", { timeOfDay: { startMinute: 1020, endMinute: 1440 } }, ["time"]],
  ["before noon", { timeOfDay: { startMinute: 0, endMinute: 720 } }, ["time"]],
  ["I'm free from 2", { timeOfDay: { startMinute: 840, endMinute: 1440 } }, ["time", "choice", "count"]],
  ["friday before noon", { date: d(3, 6), timeOfDay: { startMinute: 0, endMinute: 720 } }, ["time"]],
  ["friday after 3pm", { date: d(3, 6), timeOfDay: { startMinute: 900, endMinute: 1440 } }, ["time"]],
  ["next week", { dateRange: range(d(3, 9), d(3, 15)) }, ["date"]],
  ["this weekend", { dateRange: range(d(3, 7), d(3, 8)) }, ["date"]],
  ["this week", { dateRange: range(d(3, 5), d(3, 8)) }, ["date"]],
  ["next weekend", { dateRange: range(d(3, 14), d(3, 15)) }, ["date"]],
  ["sometime next week in the afternoon", { dateRange: range(d(3, 9), d(3, 15)), timeOfDay: AFTERNOON }],
];

export const CHOICES_AND_COUNTS: Row[] = [
  ["2", { choice: 2, count: 2 }, ["time", "date"]],
  ["#2", { choice: 2 }, ["count", "time"]],
  ["option 2", { choice: 2 }, ["time", "date"]],
  ["Option 3 please", { choice: 3 }],
  ["number 4", { choice: 4 }],
  ["the second one", { choice: 2 }, ["date"]],
  ["second", { choice: 2 }, ["date", "time"]],
  ["the first one", { choice: 1 }],
  ["2nd", { choice: 2 }, ["date"]],
  ["3rd option", { choice: 3 }, ["date"]],
  ["the 2nd one", { choice: 2 }, ["date"]],
  ["I'll take the second", { choice: 2 }],
  ["2️⃣", { choice: 2 }],
  ["2 please", { choice: 2, count: 2 }],
  ["ok 1", { choice: 1, count: 1, yesNo: "yes" }],
  ["10", { choice: 10, count: 10 }, ["time"]],
  ["three", { choice: 3, count: 3 }, ["time"]],
  ["it's my first time", {}, ["choice"]],
  ["let's do 3", { count: 3 }, ["time", "date"]],
  ["3 lessons please", { count: 3, services: svc("driving") }, ["time", "choice"]],
  ["book three", { count: 3 }, ["time"]],
  ["i'd like 2 driving lessons next week", { count: 2, services: svc("driving"), dateRange: range(d(3, 9), d(3, 15)) }],
  ["can I book 4 sessions", { count: 4 }, ["time", "choice"]],
  ["two haircuts please", { count: 2, services: svc("haircut") }],
  ["book 3pm", { time: t(15) }, ["count"]],
  ["can you do 3 tomorrow", { date: d(3, 6), time: t(15) }, ["count"]],
];

export const YES_NO: Row[] = [
  ["yes", { yesNo: "yes" }, ["command"]],
  ["Y", { yesNo: "yes" }],
  ["yeah", { yesNo: "yes" }],
  ["yep!", { yesNo: "yes" }],
  ["yup", { yesNo: "yes" }],
  ["sure", { yesNo: "yes" }],
  ["OK", { yesNo: "yes" }],
  ["okay 👍", { yesNo: "yes" }],
  ["k", { yesNo: "yes" }],
  ["confirm", { yesNo: "yes" }],
  ["Sounds good", { yesNo: "yes" }],
  ["perfect!", { yesNo: "yes" }],
  ["👍", { yesNo: "yes" }],
  ["✅", { yesNo: "yes" }],
  ["correct", { yesNo: "yes" }],
  ["do it", { yesNo: "yes" }],
  ["book it", { yesNo: "yes" }],
  ["yes please book it", { yesNo: "yes" }],
  ["Yes!! 😊", { yesNo: "yes" }],
  ["no problem", { yesNo: "yes" }],
  ["n", { yesNo: "no" }],
  ["no", { yesNo: "no" }],
  ["NOPE", { yesNo: "no" }],
  ["nah", { yesNo: "no" }],
  ["not really", { yesNo: "no" }],
  ["👎", { yesNo: "no" }],
  ["❌", { yesNo: "no" }],
  ["no thanks", { yesNo: "no" }],
  ["no, tomorrow at 4 instead", { yesNo: "no", date: d(3, 6), time: t(16) }],
  ["not sure", {}, ["yesNo"]],
  ["I know", {}, ["yesNo"]],
];

export const COMMANDS: Row[] = [
  ["STOP", { command: "stop" }, ["yesNo"]],
  ["stop", { command: "stop" }],
  ["Stop.", { command: "stop" }],
  ["STOPALL", { command: "stop" }],
  ["unsubscribe", { command: "stop" }],
  ["END", { command: "stop" }],
  ["quit", { command: "stop" }],
  ["OPTOUT", { command: "stop" }],
  ["revoke", { command: "stop" }],
  ["stop texting me", { command: "stop" }],
  ["START", { command: "start" }, ["yesNo"]],
  ["unstop", { command: "start" }],
  ["HELP", { command: "help" }],
  ["info", { command: "help" }],
  ["?", { command: "help" }],
  ["cancel", { command: "cancel" }],
  ["CANCEL", { command: "cancel" }],
  ["cancel my appointment", { command: "cancel" }],
  ["I need to cancel", { command: "cancel" }],
  ["don't cancel", {}, ["command"]],
  ["reschedule", { command: "reschedule" }],
  ["change my booking", { command: "reschedule" }],
  ["move my appointment", { command: "reschedule" }],
  ["can I move my appointment to friday at 2", { command: "reschedule", date: d(3, 6), time: t(14) }],
  ["my bookings", { command: "my_bookings" }],
  ["my appointments", { command: "my_bookings" }],
  ["what have I booked", { command: "my_bookings" }],
  ["when is my appointment?", { command: "my_bookings" }],
  ["start over", { command: "start_over" }],
  ["restart", { command: "start_over" }],
  ["reset", { command: "start_over" }],
  ["menu", { command: "start_over" }, ["services"]],
  ["begin again", { command: "start_over" }],
  ["ugh let's start over", { command: "start_over" }],
  ["backup friday 4pm", { command: "backup", date: d(3, 6), time: t(16) }],
  ["Back-up: Monday at 10", { command: "backup", date: d(3, 9), time: t(10) }],
  ["my backup time is 11am", { command: "backup", time: t(11) }, ["date"]],
  ["as a backup, tuesday 2pm works", { command: "backup", date: d(3, 10), time: t(14) }],
  ["backup time in case you have to cancel: friday at 9", { command: "backup", date: d(3, 6), time: t(9) }],
  ["I'll be back at 3", {}, ["command"]],
];

/** No preference: the bot offers the earliest free times. A day or time said alongside wins. */
export const ANY_TIME_ROWS: Row[] = [
  ["whenever works", { anyTime: true }],
  ["ASAP", { anyTime: true }],
  ["haircut as soon as possible", { anyTime: true, services: svc("haircut") }],
  ["next available please", { anyTime: true }],
  ["first available slot", { anyTime: true }],
  ["I'm flexible", { anyTime: true }],
  ["doesn't matter", { anyTime: true }],
  ["you pick", { anyTime: true }],
  ["friday whenever", { date: d(3, 6) }, ["anyTime"]],
  ["any time after 3pm", { timeOfDay: { startMinute: 900, endMinute: 1440 } }, ["anyTime", "time"]],
];

export const SERVICE_ROWS: Row[] = [
  ["haircut", { services: [{ id: "haircut", score: 1 }] }],
  ["Haircut please", { services: [{ id: "haircut", score: 1 }] }],
  ["HAIRCUT", { services: [{ id: "haircut", score: 1 }] }],
  ["can I get a haircut tomorrow", { services: svc("haircut"), date: d(3, 6) }, ["time"]],
  [
    "can I get a haircut tomorrow around 3?",
    { services: [{ id: "haircut", score: 1 }], date: d(3, 6), time: t(15), approximate: true },
    ["choice", "count", "yesNo", "command"],
  ],
  ["hiarcut", { services: svc("haircut") }],
  ["haircuts", { services: svc("haircut") }],
  ["hair cut", { services: svc("haircut") }],
  ["colour treatment", { services: [{ id: "colour", score: 1 }] }],
  ["color treatment", { services: svc("colour") }],
  ["colur treatment", { services: svc("colour") }],
  ["Colour Treatment on the 14th", { services: svc("colour"), date: d(3, 14) }, ["choice"]],
  ["dye", { services: svc("colour") }],
  ["dental implant", { services: svc("implant") }],
  ["implants", { services: svc("implant") }],
  ["physio", { services: svc("physio") }],
  ["physiotherapy", { services: svc("physio") }],
  ["physiotherapie", { services: svc("physio") }],
  ["PT tomorrow", { services: svc("physio"), date: d(3, 6) }],
  ["driving lessons", { services: svc("driving") }],
  ["driving lesson", { services: svc("driving") }],
  ["beard trim", { services: svc("beard") }], // "trim" inside it is not also a haircut
  ["beard", { services: svc("beard") }],
  ["trim", { services: svc("haircut", "beard") }], // both plausible, the alias first
  ["mens cut", { services: svc("haircut") }],
  ["a trim and a beard trim", { services: svc("haircut", "beard") }],
  ["I heard you're good", {}, ["services"]],
  ["what time do you close", {}, ["services", "date", "time"]],
  ["💇‍♂️ haircut pls", { services: svc("haircut") }],
  ["   haircut    tomorrow   ", { text: "haircut    tomorrow", services: svc("haircut"), date: d(3, 6) }],
  ["Can I book a HAIRCUT for Friday?? 💇", { services: svc("haircut"), date: d(3, 6) }],
  ["hello", {}, ["services", "date", "time", "yesNo", "command", "choice", "count"]],
  ["", { text: "" }, ["services", "date", "time", "yesNo", "command", "choice", "count"]],
];

export const PROMO: Row[] = [
  ["code WIMD25", { promoCode: "WIMD25" }, ["choice", "count", "time"]],
  ["promo: spring10", { promoCode: "SPRING10" }, ["choice", "count", "time"]],
  ["use coupon ABC", { promoCode: "ABC" }],
  ["my discount code is SAVE20", { promoCode: "SAVE20" }],
  [
    "haircut tomorrow at 3, code WIMD25",
    { promoCode: "WIMD25", services: svc("haircut"), date: d(3, 6), time: t(15) },
    ["choice", "count"],
  ],
  ["do you have a promo code?", {}, ["promoCode"]],
  ["promo code spring10 for a haircut", { promoCode: "SPRING10", services: svc("haircut") }],
];

/** Every group of the table, as parser.test.ts runs them. */
/** Clock times as people write them: 24-hour without a colon, with a dot, British "half 3", day counts. */
export const CLOCK_STYLES: Row[] = [
  ["1430", { time: t(14, 30) }, ["date", "choice", "count"]],
  ["tomorrow at 1430", { date: d(3, 6), time: t(14, 30) }],
  ["0930 on monday", { date: d(3, 9), time: t(9, 30) }],
  ["friday 1715", { date: d(3, 6), time: t(17, 15) }],
  ["at 2000", { time: t(20) }],
  ["1430 hrs", { time: t(14, 30) }],
  ["14.30", { time: t(14, 30) }, ["date", "choice", "count"]],
  ["14.30 friday", { date: d(3, 6), time: t(14, 30) }],
  ["9.30am", { time: t(9, 30) }, ["date"]],
  ["haircut tomorrow 9.30am", { services: svc("haircut"), date: d(3, 6), time: t(9, 30) }],
  ["sat at 10.45", { date: d(3, 7), time: t(10, 45) }],
  ["friday 930", { date: d(3, 6), time: t(9, 30) }],
  ["930am tomorrow", { date: d(3, 6), time: t(9, 30) }],
  ["half 3", { time: t(15, 30) }, ["date", "choice", "count"]],
  ["half 10 tomorrow", { date: d(3, 6), time: t(10, 30) }],
  ["beard trim at half 4 on saturday", { services: svc("beard"), date: d(3, 7), time: t(16, 30) }],
  ["in 3 days at 2pm", { date: d(3, 8), time: t(14) }],
  ["haircut in 3 days at 2pm", { services: svc("haircut"), date: d(3, 8), time: t(14) }],
  ["in 2 weeks", { date: d(3, 19) }, ["time", "count"]],
  ["physio in 2 weeks please", { services: svc("physio"), date: d(3, 19) }, ["count"]],
  ["in 10 days", { date: d(3, 15) }, ["count", "choice"]],
  ["haircut 5 days from now at 3", { services: svc("haircut"), date: d(3, 10), time: t(15) }],
  ["2 weeks from today", { date: d(3, 19) }, ["time"]],
  ["a fortnight from now", { date: d(3, 19) }, ["time"]],
  ["physio in a fortnight", { services: svc("physio"), date: d(3, 19) }],
  ["Saturday @ 4:45 beard", { services: svc("beard"), date: d(3, 7), time: t(16, 45) }, ["count"]],
  ["beard 4:45 sat", { services: svc("beard"), date: d(3, 7), time: t(16, 45) }, ["count"]],
  ["2 haircuts at 10:30 tomorrow", { count: 2, date: d(3, 6), time: t(10, 30) }],
  // Numbers that are not clock times.
  ["is it $14.30?", {}, ["time", "date"]],
  ["half an hour massage", {}, ["time"]],
  ["march 20 2026", { date: d(3, 20) }, ["time"]],
];

/**
 * Which day a long message asks for: the day said with the time, or in the sentence naming the
 * service, beats "now" and "today" said in passing; a weekday whose hour has gone today is next week's.
 */
export const WHICH_DAY: Row[] = [
  [
    "Hi there, I was wondering whether I could get a haircut on Friday at 2pm. My previous stylist moved away and I have been looking for somebody new for a while now, so please bear with me.",
    { services: svc("haircut"), date: d(3, 6), time: t(14) },
  ],
  ["haircut Saturday at 11 please. I can come in right now too", { services: svc("haircut"), date: d(3, 7), time: t(11) }],
  ["could I get a beard trim on saturday? been meaning to for a while now", { services: svc("beard"), date: d(3, 7) }],
  ["I was in town today, could I book a beard trim for saturday", { services: svc("beard"), date: d(3, 7) }],
  ["Can I get a haircut tuesday at 3? I'm free now but tuesday works best", { date: d(3, 10), time: t(15) }],
  ["friday please, I've been waiting a while now", { date: d(3, 6) }],
  ["can I come in now", { date: d(3, 5) }],
  ["haircut friday, today I'm busy", { services: svc("haircut"), date: d(3, 6) }],
  ["I need a haircut, I was meant to go today but couldnt. saturday?", { services: svc("haircut"), date: d(3, 7) }],
  ["Could I get a haircut tomorrow? Today is no good", { date: d(3, 6) }],
  ["haircut today at 4pm, not friday", { date: d(3, 5), time: t(16) }],
  // Thursday 10:00 now: Thursday 9am is gone, so next Thursday; 11am is still today.
  ["beard trim thursday at 9am", { services: svc("beard"), date: d(3, 12), time: t(9) }],
  ["thursday at 11", { date: d(3, 5), time: t(11) }],
  ["thursday 8:30", { date: d(3, 12), time: t(8, 30) }],
  ["thursday morning", { date: d(3, 5), timeOfDay: MORNING }],
  ["this thursday at 9am", { date: d(3, 5), time: t(9) }],
];

/** Tapbacks sent as text: the quoted words are ours, never a new request. */
export const REACTIONS: Row[] = [
  ["Liked “Beard trim: Tue 10 Mar, 11:00 with Alex, $20.00. Book it? (yes/no)”", { yesNo: "yes", reaction: "positive" }, ["services", "date", "time", "choice"]],
  ["Loved “Which one do you mean?\n1) Haircut\n2) Beard trim”", { yesNo: "yes", reaction: "positive" }, ["services", "choice"]],
  ["Emphasized “Book it? (yes/no)”", { yesNo: "yes" }],
  ["Reacted 👍 to “Book it? (yes/no)”", { yesNo: "yes", reaction: "positive" }],
  ["Reacted 👍🏾 to \"Book it? (yes/no)\"", { yesNo: "yes" }],
  ["Reacted ❤️ to “Move it to Fri 6 Mar, 10:00? (yes/no)”", { yesNo: "yes" }, ["date", "time"]],
  ["👍 to “Book it? (yes/no)”", { yesNo: "yes" }],
  ["Disliked “Haircut: Fri 6 Mar, 14:00. Book it? (yes/no)”", { yesNo: "no", reaction: "negative" }, ["services", "date", "time"]],
  ["Reacted 👎 to “Book it? (yes/no)”", { yesNo: "no" }],
  ["Questioned “Haircut: Fri 6 Mar, 14:00. Book it? (yes/no)”", { reaction: "other" }, ["yesNo", "services", "date", "time"]],
  ["Laughed at “Cancel Haircut, Fri 6 Mar? (yes/no)”", { reaction: "other" }, ["yesNo", "command"]],
  ["Reacted 😮 to “Book it? (yes/no)”", { reaction: "other" }, ["yesNo"]],
  ["Removed a heart from “Book it? (yes/no)”", { reaction: "other" }, ["yesNo"]],
  ["I liked my last haircut, same again friday", { services: svc("haircut"), date: d(3, 6) }, ["reaction", "yesNo"]],
];

export const PHRASING_GROUPS: [string, Row[]][] = [
  ["clock styles", CLOCK_STYLES],
  ["which day is meant", WHICH_DAY],
  ["reactions", REACTIONS],
  ["dates and times", DATES_AND_TIMES],
  ["hedges, windows and ranges", HEDGES_AND_WINDOWS],
  ["choices and counts", CHOICES_AND_COUNTS],
  ["yes and no", YES_NO],
  ["commands", COMMANDS],
  ["no preference", ANY_TIME_ROWS],
  ["services", SERVICE_ROWS],
  ["promo codes", PROMO],
];

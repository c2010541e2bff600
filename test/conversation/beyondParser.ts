/**
 * Messages the parser cannot place (a service by a word it does not know, "the week after next",
 * "half 4", "before lunch", a question about one's bookings), each with what it must be read as and
 * the extraction a good language model gives for it. The understanding measure runs them through
 * the parser alone, then through the LLM path against the fake OpenAI server.
 *
 * Same clock and services as the phrasing table: Thursday 5 March 2026, 10:00 in New York.
 */
import type { Extraction } from "../../src/conversation/llm/extraction";
import { type Expected, LUNCH, d, range, svc, t } from "./phrasings";

export type BeyondRow = [message: string, expected: Expected, model: Partial<Extraction>];

export const BEYOND_PARSER: BeyondRow[] = [
  ["I need my roots done before my sister's wedding on the 14th", { services: svc("colour") }, { service: "Colour treatment" }],
  ["can u squeeze me in for a quick tidy-up after work tmrw", { services: svc("haircut"), date: d(3, 6), timeOfDay: { startMinute: 1020, endMinute: 1200 } }, { service: "Haircut", date: "2026-03-06", timeRange: { from: "17:00", to: "20:00" } }],
  ["my back is killing me, any chance of seeing someone first thing monday", { services: svc("physio"), date: d(3, 9), timeOfDay: { startMinute: 480, endMinute: 600 } }, { service: "Physiotherapy", date: "2026-03-09", timeRange: { from: "08:00", to: "10:00" } }],
  ["what have I got coming up?", { command: "my_bookings" }, { intent: "list_bookings" }],
  ["the week after next, wednesday-ish, around lunchtime", { date: d(3, 18), timeOfDay: LUNCH }, { date: "2026-03-18", timeRange: { from: "11:30", to: "13:30" } }],
  ["get my hair coloured the saturday after next", { services: svc("colour"), date: d(3, 14) }, { service: "Colour treatment", date: "2026-03-14" }],
  ["Any openings for a fade Friday arvo?", { services: svc("haircut"), date: d(3, 6) }, { service: "Haircut", date: "2026-03-06", timeRange: { from: "12:00", to: "17:00" } }],
  ["I want a trim, not too early, maybe half 4 on Tuesday", { services: svc("haircut"), date: d(3, 10), time: t(16, 30) }, { service: "Haircut", date: "2026-03-10", time: "16:30" }],
  ["I'd like to book in for the dentist thing", { services: svc("implant") }, { service: "Dental implant" }],
  ["could I get my grey covered up on tuesday, ideally before lunch", { services: svc("colour"), date: d(3, 10), timeOfDay: { startMinute: 480, endMinute: 690 } }, { service: "Colour treatment", date: "2026-03-10", timeRange: { from: "08:00", to: "11:30" } }],
  ["need to sort my shoulder out, whenever suits next week", { services: svc("physio") }, { service: "Physiotherapy" }],
  ["my son needs a haircut after school on friday", { services: svc("haircut"), date: d(3, 6), timeOfDay: { startMinute: 900, endMinute: 1080 } }, { service: "Haircut", date: "2026-03-06", timeRange: { from: "15:00", to: "18:00" } }],
  ["something to fix this mess on my head, tomorrow before noon", { services: svc("haircut"), date: d(3, 6) }, { service: "Haircut", date: "2026-03-06", timeRange: { from: "08:00", to: "12:00" } }],
  ["book me for the jaw implant thing the Monday after next at 9", { services: svc("implant"), date: d(3, 16), time: t(9) }, { service: "Dental implant", date: "2026-03-16", time: "09:00" }],
  ["could I come in for a colour on the first Saturday of April", { services: svc("colour"), date: d(4, 4) }, { service: "Colour treatment", date: "2026-04-04" }],
  ["any chance you're free for physio the day before my birthday, march 21", { services: svc("physio"), date: d(3, 20) }, { service: "Physiotherapy", date: "2026-03-20" }],
  ["which days next week could I practise behind the wheel", { services: svc("driving"), dateRange: range(d(3, 9), d(3, 15)) }, { service: "Driving lessons" }],
];

/**
 * What a message is when it is not (only) a booking request, as a front desk would hear it: a
 * question (a price, how long, the opening hours, the address, who this is, what is offered, whether
 * a staff member works a day, or anything else for the business's FAQ), a courtesy ("thanks!"), a
 * greeting, or something staff should know ("running 10 min late", "I'm outside", "can't make it",
 * "can I talk to someone"). Pure: the engine decides what to do with it given where the
 * conversation stands.
 */
import { stripEdges } from "./text";

export type QuestionTopic = "price" | "duration" | "hours" | "address" | "contact" | "who" | "services" | "staff_day" | "other";
export type CustomerNotice = "running_late" | "on_the_way" | "arrived" | "cannot_make_it" | "wants_person";

export type Intent =
  | { kind: "question"; topic: QuestionTopic; staffId?: string }
  | { kind: "notice"; notice: CustomerNotice; minutes?: number }
  | { kind: "courtesy" }
  | { kind: "greeting" };

const NOTICES: [CustomerNotice, RegExp][] = [
  // "Is this a real person?", "am I talking to a human?" ask who is texting (WHO below), not for a person.
  ["wants_person", /(?<!\bam i )\b(?:speak|talk|chat)(?:ing)? (?:to|with) (?:a |an |the |your )?(?:someone|somebody|some one|real person|person|human|manager|owner|staff|receptionist|team|front desk|actual person|anyone)\b|(?<!\b(?:is (?:this|it|that)|are (?:you|u)|r u|am i (?:talking|speaking|texting|chatting) (?:to|with)) (?:a |an )?)\b(?:real|actual|live) (?:person|human)\b|\bcall me(?: back)?\b|\b(?:can|could) (?:someone|somebody|you) (?:call|ring) me\b|\bhave someone (?:call|contact) me\b|\bis there (?:a person|anyone|someone) there\b/],
  ["cannot_make_it", /\b(?:can'?t|cannot|can not|cant|won'?t|wont|will not|not able to|unable to|not going to|not gonna|couldn'?t|could not) (?:be able to )?(?:make it|come(?: in)?|attend|be there|make (?:my|the|our|it to (?:my|the)) (?:appointment|appt|booking|session|lesson))\b/],
  ["running_late", /\b(?:running|gonna be|going to be|will be|i'?ll be|ill be|i am|i'm|im|be|a bit|a little|slightly|little)\s+(?:(?:a |about |abt |around |like |maybe |approx |roughly |~)?(?:bit|little|few|couple of|\d+(?:-\d+)?)\s*(?:minutes?|mins?|min|m|hours?)?\s+)?late\b|\brunning (?:a (?:bit|little) |slightly |\d+ ?(?:minutes?|mins?) )?behind\b|\bstuck in traffic\b|\b(?:delayed|late) by\b/],
  ["arrived", /\b(?:i'?m|i am|im|we'?re|we are)\s+(?:here|outside|at the door|at the front|downstairs|in the car ?park|in the parking(?: lot)?|at reception|in reception|in the lobby|waiting outside)\b|\b(?:just )?(?:arrived|got here)\b/],
  ["on_the_way", /\b(?:on my way|on the way|on our way|omw|heading (?:over|there|to you|in|your way)|leaving now|be there (?:in|soon|shortly)|coming now|almost there|nearly there|5 mins? away|\d+ (?:minutes?|mins?) away)\b/],
];

/** "how much" (also typed in a hurry: "hw much", "how mch"), "$ for a cut?", or a word for price. */
const PRICE = /\bh(?:o|ow|w) mu?ch\b|(?:^|\s)\$ ?for (?:a|an|the)\b|\b(?:price|prices|pricing|cost|costs|charge|charges|fee|fees|rates?)\b/;
const DURATION = /\bhow long\b|\bduration\b|\bhow many (?:minutes|hours|mins)\b|\btakes? how long\b/;
/** Opening and closing, hours, or "do you work weekends?". */
const HOURS = /\b(?:open|opening|close|closing|closed|shut)\b|\b(?:business |your |work(?:ing)? )?hours\b(?! (?:from|later|before|after))|\b(?:do|does) (?:you|u|the salon|the shop) (?:work|do) (?:on )?(?:weekends?|saturdays?|sundays?|evenings?|nights?)\b/;
const ADDRESS = /\bwhere (?:are|r) (?:you|u|ya)\b|\bwhere(?:'s|s| is) (?:the |your )?(?:salon|shop|studio|clinic|office|place|business|location)\b|\b(?:your |the )?address\b|\blocated\b|\blocation\b|\bdirections\b|\bhow (?:do|can) i (?:get|find) (?:there|to you|you)\b|\bwhere do i go\b/;
const CONTACT = /\b(?:your |the )?(?:phone|contact) (?:number|details|info)\b|\b(?:your|the business'?s?) (?:number|email)\b|\bhow (?:can|do) i (?:contact|reach|call|email) (?:you|the)\b/;
const WHO = /\bwho(?: is|'s|s| are| r) (?:this|you|u|dis)\b|\bwho am i (?:talking|speaking|texting|chatting) (?:to|with)\b|\bam i (?:talking|speaking|texting|chatting) (?:to|with) (?:a |an )?(?:bot|robot|machine|computer|real person|person|human)\b|\bwhat is this (?:number|place)\b|\bis this (?:a )?(?:bot|robot|real person|human)\b|\bare you (?:a )?(?:bot|robot|real|human|person)\b/;
const SERVICES = /\bwhat (?:services|treatments|options|classes|lessons|sessions) (?:do|can|are)\b|\bwhat (?:do|can) (?:you|u) (?:offer|do|provide)\b|\bwhat (?:can|could) i book\b|\b(?:services|price list|list of services|menu of services)\b\s*\??$|\bwhat(?:'s| is) (?:on )?(?:offer|available to book)\b/;
const WORKING = /\b(?:working|work|works|in|on|there|available|around|free|off)\b/;
/** Plainly asking: a question mark, or how questions open. */
const ASKING = /\?|^(?:(?:hi|hey|hello|quick question|question)[\s,!.]+)?(?:do|does|did|can|could|is|are|will|would|what|what's|whats|when|where|why|how|which|who|any|have you|should)\b/;

const COURTESY = /^(?:(?:ok(?:ay)?|okey|k|great|perfect|awesome|cool|lovely|brilliant|excellent|amazing|nice|wonderful|fab|super|sweet|fantastic|got it|noted|understood|alright|all right|sounds good|no worries|no problem|np|will do|sure thing|of course)[\s,!.]*)*(?:(?:thanks?|thank you|thank u|thx|thnx|ty|tysm|cheers|ta|much appreciated|appreciate it|many thanks|thanks a lot|thank you so much|thanks so much)(?: (?:so much|very much|a lot|again|heaps|loads))?(?: (?:for (?:that|this|everything|your help|the help|the reminder|confirming|booking me in)))?)?[\s,!.]*(?:(?:see (?:you|u|ya)(?: (?:then|soon|later|tomorrow|there|next time|(?:on )?(?:next )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)|(?:on )?the \d{1,2}(?:st|nd|rd|th)?))?|bye|goodbye|bye bye|have a (?:good|great|nice) (?:day|one|evening|weekend)|talk (?:soon|later)|take care|until then|till then)[\s,!.]*)*$/;
const COURTESY_EMOJI = /^(?:\s|[\u{1F44D}\u{1F64F}\u{1F60A}\u{1F642}\u{1F600}\u{1F603}\u{1F604}\u{1F601}\u{263A}\u{2764}\u{1F49C}\u{1F499}\u{1F496}\u{1F44C}\u{1F64C}\u{2705}\u{1F389}\u{FE0F}\u{1F3FB}-\u{1F3FF}])+$/u;
const GREETING = /^(?:hi+|hello+|hey+|hiya|howdy|yo|heya|hey there|hi there|hello there|good (?:morning|afternoon|evening|day)|morning|evening|greetings)(?: (?:there|again|all|team|guys|folks))?[\s,!.]*$/;

export interface IntentContext {
  staff: { id: string; name: string }[];
}

/** `normalized` is the cleaned lower-case message (text.ts), `original` the message as sent (for emoji). */
export function detectIntent(normalized: string, original: string, ctx: IntentContext): Intent | undefined {
  const whole = stripEdges(normalized);
  for (const [notice, pattern] of NOTICES) {
    if (pattern.test(normalized)) {
      const minutes = notice === "running_late" ? lateMinutes(normalized) : undefined;
      return { kind: "notice", notice, ...(minutes !== undefined && { minutes }) };
    }
  }
  if (whole === "" && COURTESY_EMOJI.test(original.trim())) return { kind: "courtesy" };
  if (whole !== "" && COURTESY.test(whole)) return { kind: "courtesy" };
  if (GREETING.test(whole)) return { kind: "greeting" };
  const topic = questionTopic(normalized, ctx);
  if (topic) return { kind: "question", ...topic };
  if (ASKING.test(normalized)) return { kind: "question", topic: "other" };
  return undefined;
}

function questionTopic(text: string, ctx: IntentContext): { topic: QuestionTopic; staffId?: string } | undefined {
  if (WHO.test(text)) return { topic: "who" };
  const staff = ctx.staff.find((s) => new RegExp(`\\b${escapeRegExp(s.name.toLowerCase())}\\b`).test(text));
  if (staff && WORKING.test(text) && /\?|^(?:is|does|will|when|what days?|which days?)\b/.test(text)) return { topic: "staff_day", staffId: staff.id };
  if (PRICE.test(text)) return { topic: "price" };
  if (DURATION.test(text)) return { topic: "duration" };
  if (ADDRESS.test(text)) return { topic: "address" };
  if (CONTACT.test(text)) return { topic: "contact" };
  if (SERVICES.test(text)) return { topic: "services" };
  if (HOURS.test(text) && /\?|\b(?:what time|when|are you|r u|is it|hours)\b/.test(text)) return { topic: "hours" };
  return undefined;
}

/** "10 min late", "running 15 minutes late", "half an hour late": the minutes, when said. */
function lateMinutes(text: string): number | undefined {
  if (/\bhalf an? hour\b/.test(text)) return 30;
  if (/\b(?:an|one) hour\b/.test(text)) return 60;
  const said = /\b(\d{1,3})(?:-(\d{1,3}))?\s*(?:minutes?|mins?|min|m)\b/.exec(text);
  if (!said) return undefined;
  const minutes = Number(said[2] ?? said[1]);
  return minutes > 0 && minutes <= 180 ? minutes : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

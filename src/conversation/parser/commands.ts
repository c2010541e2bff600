/**
 * Commands: messages that leave the booking flow (opt-out, help, cancel, …).
 *
 * Carrier opt-out words (STOP, STOPALL, UNSUBSCRIBE, END, QUIT, OPTOUT, REVOKE) count only as
 * the whole message, as carriers treat them: "can I stop by at 3" is not an opt-out. CANCEL is a
 * carrier opt-out word too, but in this product it means "cancel my booking".
 */
import type { Command } from "./types";
import { stripEdges } from "./text";

const POLITE = String.raw`(?:please|pls|plz|now|thanks|thank you|thx)`;

const STOP = new RegExp(
  String.raw`^(?:${POLITE} )?(?:stop|stop all|stopall|unsubscribe|unsub|end|quit|optout|opt out|opt-out|revoke)(?: (?:me|it|all|everything|${POLITE}))*$`,
);
/** Explicit requests to stop messages, which carry the same intent in more words. */
const STOP_SENTENCE =
  /^(?:(?:please|pls|plz|just|ok|okay) )*(?:stop|quit) (?:texting|txting|messaging|msging|sending|contacting|spamming|bothering)\b|\bunsubscribe me\b|\bopt me out\b|\bremove me from\b/;
const START = /^(?:start|unstop|resume|subscribe|opt in|optin)(?: (?:please|pls|again))?$/;
const HELP = /^(?:help|info|\?+|help me|help please|pls help|please help|i need help|need help|what can you do|how does this work)$/;
const START_OVER =
  /^(?:restart|reset|menu|main menu)$|\b(?:start (?:over|again|from scratch|from the (?:top|beginning))|begin again|restart (?:the )?(?:booking|conversation|chat|this))\b/;
/** Negated mentions ("don't cancel", "no need to cancel") are not requests. */
const NEGATED_CANCEL = /\b(?:don'?t|do not|dont|not|no need to|never)\s+(?:\w+\s+)?cancel/;
const CANCEL = /\bcancel(?:l?ing|l?ed|lation)?\b|\bcall (?:it )?off\b/;
const RESCHEDULE =
  /\bre-?schedul|\bre-?book|\b(?:move|change|switch|shift|push(?: back)?|postpone|bring forward|reorganise|reorganize|swap)\s+(?:my|the|our|this|that|it|me)\b(?:\s+(?:appointment|appt|booking|reservation|lesson|session|slot|time|visit|day|date)s?\b|\s+(?:to|back|forward|till|until|another)\b)|\b(?:different|another|new) (?:time|day|date|slot) for my\b/;
/** "my bookings", and questions about them in free words: "when am I in?", "what day am I booked for", "did I book for the 10th?". */
const MY_BOOKINGS =
  /^(?:(?:show|list|see|check|view|get)(?: me)? )?(?:all )?my (?:upcoming |next |current )?(?:bookings?|appointments?|appts?|reservations?|lessons|sessions|schedule)$|\bwhat (?:have|did) i (?:got )?book(?:ed)?\b|\bwhat (?:bookings|appointments|appts|reservations|lessons|sessions) (?:do|have) i\b|\bwhen(?:'s| is| are) my (?:next )?(?:booking|appointment|appt|reservation|lesson|session)s?\b|\bdo i have (?:any |an? )?(?:bookings?|appointments?|appts?|reservations?|lessons?|sessions?)\b|\b(?:show|list|see|check|view)(?: me)? (?:all )?my (?:upcoming |next |current )?(?:bookings?|appointments?|appts?|reservations?|lessons|sessions)\b|\bwhat(?:'s| is| was| were)? my (?:next |upcoming )?(?:bookings?|appointments?|appts?|reservations?|lessons?|sessions?)(?: (?:again|for|time))?\b(?! (?:cost|price|take|last))|\bwhen (?:am|was) i (?:in|booked|coming|due|seeing you|coming in)\b|\bwhat (?:time|day|date)(?: is| was|'s|s) my (?:next |upcoming )?(?:booking|appointment|appt|reservation|lesson|session)\b|\bwhat (?:time|day|date)s? (?:am|was) i (?:booked|in|coming|due)\b|\b(?:did|have) i (?:already )?book(?:ed)?\b|\bam i (?:already )?booked\b|\bwhen do i (?:come in|need to come|see you)\b|\bremind me (?:of |when |what )(?:is |was )?my (?:booking|appointment|appt)\b/;

/** "when's my haircut?", "when is my colour again": a booking called by its service, as the whole message. */
const WHEN_IS_MY = /^(?:(?:hi|hey|hello|sorry|quick question|just checking)[\s,]+)?when(?:'s|s| is) my (?:next |upcoming )?[a-z]+(?: [a-z]+)?(?: again| booked(?: for)?)?$/;

/** "backup fri 4pm", "my backup time is thursday at 2", "as a back-up, monday 10am". */
const BACKUP = /^(?:(?:and|also|ok|okay|oh) )*(?:(?:my|a|as a|as my|for a|set(?: a| my)?|add(?: a)?) )?back ?-?up\b|\bback ?-?up (?:time|slot|option|day|date)\b|\bas (?:a|my) back ?-?up\b/;

/** `normalized` is the cleaned, lower-cased message (see text.ts). */
export function detectCommand(normalized: string): Command | undefined {
  const whole = stripEdges(normalized);
  if (whole === "" && /\?/.test(normalized)) return "help"; // a lone "?" has no letters left
  if (STOP.test(whole) || STOP_SENTENCE.test(whole)) return "stop";
  if (START.test(whole)) return "start";
  if (HELP.test(whole)) return "help";
  if (START_OVER.test(whole)) return "start_over";
  // Before cancel and reschedule: "a backup time in case you have to cancel: friday 4pm".
  if (BACKUP.test(whole)) return "backup";
  // Reschedule before cancel: "cancel and rebook for friday" wants a new time, not no booking.
  if (RESCHEDULE.test(whole)) return "reschedule";
  if (CANCEL.test(whole) && !NEGATED_CANCEL.test(whole)) return "cancel";
  if (MY_BOOKINGS.test(whole) || WHEN_IS_MY.test(whole)) return "my_bookings";
  return undefined;
}

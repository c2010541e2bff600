/**
 * "Whenever", "asap", "first available": the customer leaves the time to us. The bot then offers
 * the earliest free times instead of asking again for a day and time they have no preference about.
 */
const ANY_TIME =
  /\b(?:whenever|any ?time|any day|asap|a\.s\.a\.p|as soon as (?:possible|you can)|earliest|soonest|next (?:available|free|open)(?: (?:time|slot|day|appointment|one))?|first (?:available|free|open)|whatever(?: time)? (?:works|suits|is free)|(?:you|u) (?:choose|pick|decide)|(?:doesn'?t|does not|don'?t) matter|no preference|i'?m (?:flexible|easy)|any(?: of them| one)? (?:works|is fine))\b/;

/** `normalized` is the cleaned, lower-cased message (see text.ts). */
export function leavesTimeOpen(normalized: string): boolean {
  return ANY_TIME.test(normalized);
}

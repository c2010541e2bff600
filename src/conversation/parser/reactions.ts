/**
 * Tapbacks sent as text. An iPhone that reacts to an SMS sends the reaction to the other side as a
 * message quoting the text it reacted to: `Liked “Beard Trim: Tue 1 Dec, 11:00 … Book it? (yes/no)”`,
 * `Laughed at “…”`, `Reacted 👍 to “…”`, `Removed a heart from “…”`; Android phones that mimic it
 * send the same shapes. The quoted text is the bot's own words, never a new request: a reaction
 * is read as a yes, a no, or neither, and nothing else of the message is read.
 */

/** What a reaction says to a yes/no question. */
export type ReactionKind = "positive" | "negative" | "other";

const OPEN_QUOTE = `["“”„«‘’']`;
const VERBS = String.raw`liked|loved|disliked|laughed at|emphasi[sz]ed|questioned|reacted\s+(?<emoji>.+?)\s+to|removed\s+(?:an?\s+)?(?:.+?)\s+from`;
const REACTION = new RegExp(String.raw`^(?<verb>${VERBS})\s*${OPEN_QUOTE}[\s\S]*$`, "iu");
/** "👍 to “…”": the verb left out, as some Android apps send it. */
const EMOJI_TO = new RegExp(String.raw`^(?<emoji>(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F|\u200D)+)\s+to\s*${OPEN_QUOTE}[\s\S]*$`, "u");

const POSITIVE_EMOJI = /^(?:👍|❤|♥|😍|🥰|👌|✅|🙌|💯|🆗|👏)/u;
const NEGATIVE_EMOJI = /^(?:👎|❌|🚫|🙅)/u;

/** The reaction a message is, or undefined for an ordinary message. */
export function readReaction(original: string): ReactionKind | undefined {
  const text = original.trim();
  const m = REACTION.exec(text) ?? EMOJI_TO.exec(text);
  if (!m) return undefined;
  const verb = (m.groups?.verb ?? "").toLowerCase();
  const emoji = m.groups?.emoji;
  if (verb.startsWith("removed")) return "other";
  if (emoji !== undefined) {
    if (POSITIVE_EMOJI.test(emoji)) return "positive";
    if (NEGATIVE_EMOJI.test(emoji)) return "negative";
    return "other";
  }
  if (/^(?:liked|loved|emphasi[sz]ed)$/.test(verb)) return "positive";
  if (verb === "disliked") return "negative";
  return "other";
}

/**
 * Yes/no answers. The answer is read from how the message starts ("yes please book it",
 * "no, tomorrow at 4 instead"), so a message can be a "no" and still carry a new date or time.
 */
import { stripEdges } from "./text";

/** Longest first, so "no problem" (a yes) wins over "no". */
const YES_PHRASES = [
  "no problem", "no worries", "sounds good", "sounds great", "sounds perfect", "that works", "that's fine",
  "thats fine", "that's great", "thats great", "that's perfect", "thats perfect", "that's right", "thats right",
  "works for me", "go ahead", "go for it", "book it", "do it", "let's do it", "lets do it", "please do",
  "of course", "all right", "alright", "yes please", "yes", "yess", "yesss", "yeah", "yea", "yah", "ya",
  "yep", "yup", "sure", "ok", "okay", "okey", "okie", "oki", "confirm", "confirmed", "perfect", "correct",
  "great", "absolutely", "definitely", "affirmative", "fine", "deal", "cool",
];
const NO_PHRASES = [
  "no thank you", "no thanks", "no thx", "not really", "not that one", "not at all", "none of them",
  "none of those", "never mind", "nevermind", "no way", "nope", "nah", "no", "negative", "neither",
];
/** Single letters are answers only as the whole message; elsewhere they are just letters. */
const YES_WHOLE = new Set(["y", "k", "kk", "ye", "yes yes"]);
const NO_WHOLE = new Set(["n", "nein", "non"]);

const YES_EMOJI = /👍|✅|👌|🙌|💯|☑|✔|🆗/u;
const NO_EMOJI = /👎|❌|🚫|✖|⛔|🙅/u;

const startsWithOneOf = (phrases: readonly string[]) =>
  new RegExp(`^(?:${[...phrases].sort((a, b) => b.length - a.length).map(escape).join("|")})(?![a-z0-9'])`);
const YES_START = startsWithOneOf(YES_PHRASES);
const NO_START = startsWithOneOf(NO_PHRASES);
/** Fillers people put before the answer: "oh yes", "um no", "hi, yes". */
const LEADING_FILLER = /^(?:(?:oh|ah|um+|uh+|hmm+|well|hi|hey|hello|so|and|actually)[\s,.!]+)+/;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `normalized` is the cleaned message (emoji removed); `original` still has the emoji. */
export function detectYesNo(normalized: string, original: string): "yes" | "no" | undefined {
  const whole = stripEdges(normalized);
  if (YES_WHOLE.has(whole)) return "yes";
  if (NO_WHOLE.has(whole)) return "no";
  const start = whole.replace(LEADING_FILLER, "");
  // Both lists can match the same start ("no problem" vs "no"): the longer phrase is the meaning.
  const yes = YES_START.exec(start)?.[0].length ?? 0;
  const no = NO_START.exec(start)?.[0].length ?? 0;
  if (yes > no) return "yes";
  if (no > yes) return "no";
  if (NO_EMOJI.test(original)) return "no";
  if (YES_EMOJI.test(original)) return "yes";
  return undefined;
}

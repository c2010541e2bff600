/**
 * A question matched to the business's FAQ by its words, without a language model: both sides
 * lose their small words and endings ("walk-ins" → walkin, "parking" → park, "payments" → pay),
 * and the entry sharing the most of what is left wins, when it shares at least half of the
 * shorter side's words and one of them says what the question is about: a shared "take" or
 * "bring" alone ("can I bring my dog?" and "can I bring my kids?") is no match.
 */
import { normalize } from "./text";

export interface FaqEntry {
  question: string;
  answer: string;
}

const STOPWORDS = new Set(
  "a an the and or but if of to in on at by for with from about as is are was were be been am i me my we our you your u ur it its this that these those there here do does did can could will would should may might must have has had any some what whats when where which who whom why how please pls hi hey hello thanks thank just also so then than too very really get got there's is it's i'm im ok okay".split(" "),
);
/** The same thing said two ways, kept as one word. */
const SAME: Record<string, string> = { accept: "take", allow: "take", card: "pay", cash: "pay", credit: "pay", debit: "pay", car: "park", kid: "child", children: "child", son: "child", daughter: "child", baby: "child", toddler: "child", dog: "pet", cancel: "cancel", bring: "bring", need: "bring" };
/** Two words that name one thing, joined before the words are split: "walk in" is not a walk, a gift card is not a way to pay. */
const COMPOUNDS: [RegExp, string][] = [
  [/\bwalk ins?\b/g, "walkin"],
  [/\bgift (?:cards?|vouchers?|certificates?)\b/g, "giftcard"],
];
/** Words (after SAME) that say how, not what: shared alone, they do not make a match. */
const WEAK = new Set(["take", "bring", "use", "come", "go", "want", "offer", "provide", "sell"]);

export function matchFaq(text: string, faq: readonly FaqEntry[]): FaqEntry | undefined {
  const asked = words(text);
  if (asked.size === 0) return undefined;
  let best: { entry: FaqEntry; shared: number; share: number } | undefined;
  for (const entry of faq) {
    const known = words(entry.question);
    if (known.size === 0) continue;
    const common = [...asked].filter((w) => known.has(w));
    const shared = common.length;
    const share = shared / Math.min(asked.size, known.size);
    if (!common.some((w) => !WEAK.has(w)) || share < 0.5) continue;
    if (!best || shared > best.shared || (shared === best.shared && share > best.share)) best = { entry, shared, share };
  }
  return best?.entry;
}

function words(text: string): Set<string> {
  const joined = normalize(text).replace(/(\w)-(\w)/g, "$1$2");
  const plain = COMPOUNDS.reduce((t, [pattern, word]) => t.replace(pattern, word), joined).replace(/'/g, "");
  return new Set(
    plain
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 1 && !STOPWORDS.has(w))
      .map(stem)
      .map((w) => SAME[w] ?? w),
  );
}

function stem(word: string): string {
  for (const ending of ["ments", "ment", "ings", "ing", "ies", "es", "ed", "s"]) {
    if (word.length > ending.length + 2 && word.endsWith(ending)) return ending === "ies" ? `${word.slice(0, -3)}y` : word.slice(0, -ending.length);
  }
  return word;
}

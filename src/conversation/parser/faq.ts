/**
 * A question matched to the business's FAQ by its words, without a language model: both sides
 * lose their small words and endings ("walk-ins" → walkin, "parking" → park, "payments" → pay),
 * and the entry sharing the most of what is left wins, when it shares at least half of the
 * shorter side's words.
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
const SAME: Record<string, string> = { accept: "take", allow: "take", card: "pay", cash: "pay", credit: "pay", debit: "pay", car: "park", kid: "child", children: "child", dog: "pet", cancel: "cancel", bring: "bring", need: "bring" };

export function matchFaq(text: string, faq: readonly FaqEntry[]): FaqEntry | undefined {
  const asked = words(text);
  if (asked.size === 0) return undefined;
  let best: { entry: FaqEntry; shared: number; share: number } | undefined;
  for (const entry of faq) {
    const known = words(entry.question);
    if (known.size === 0) continue;
    const shared = [...asked].filter((w) => known.has(w)).length;
    const share = shared / Math.min(asked.size, known.size);
    if (shared === 0 || share < 0.5) continue;
    if (!best || shared > best.shared || (shared === best.shared && share > best.share)) best = { entry, shared, share };
  }
  return best?.entry;
}

function words(text: string): Set<string> {
  const plain = normalize(text).replace(/(\w)-(\w)/g, "$1$2").replace(/'/g, "");
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

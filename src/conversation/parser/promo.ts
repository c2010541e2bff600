/**
 * Promo codes: "code WIMD25", "promo: spring10", "use coupon ABC", "my discount code is SAVE-20".
 * Runs first so a code's digits never become a time, a choice or a count.
 */
import type { Span } from "./text";

const KEYWORD = /\b(?:(?:promo(?:tional)?|coupon|discount|voucher|referral|gift)\s*(?:code)?|code)\b\s*(?:(?:is|was|=|:|-|#)\s*)*/g;

/** Words that follow "code" in ordinary sentences and are never themselves a code. */
const NOT_CODES = new Set([
  "a", "an", "the", "for", "please", "pls", "thanks", "thank", "and", "or", "to", "i", "it", "you", "do",
  "does", "have", "has", "that", "this", "work", "works", "worked", "today", "tomorrow", "tonight",
  "now", "too", "here", "there", "on", "at", "in", "of", "with", "from", "my", "your", "no", "yes",
  "again", "valid", "expired", "applied", "apply", "isnt", "didnt", "doesnt", "any", "some", "ok",
]);

export interface PromoMatch {
  code: string;
  span: Span;
}

/**
 * `normalized` is the lower-cased text used for positions; `original` is consulted only to accept
 * letter-only codes the customer typed in capitals ("use coupon ABC"): a lower-case word without
 * digits after "code" is more often English than a code.
 */
export function findPromoCode(normalized: string, original: string): PromoMatch | undefined {
  for (const keyword of normalized.matchAll(KEYWORD)) {
    const after = keyword.index + keyword[0].length;
    const token = /^[a-z0-9][a-z0-9_-]{2,19}(?![a-z0-9_-])/.exec(normalized.slice(after));
    if (!token) continue;
    const word = token[0];
    if (NOT_CODES.has(word)) continue;
    const hasDigit = /\d/.test(word);
    const typedInCaps = new RegExp(`(^|[^A-Za-z0-9])${escapeRegExp(word.toUpperCase())}(?![A-Za-z0-9])`).test(original);
    const afterColon = /[:=#]\s*$/.test(keyword[0]);
    if (!hasDigit && !typedInCaps && !afterColon) continue;
    return { code: word.toUpperCase(), span: { start: keyword.index, end: after + word.length } };
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

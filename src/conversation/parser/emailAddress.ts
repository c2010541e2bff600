/**
 * An email address said by text — "my email is jo@example.com", "jo@example.com", "book me in
 * tomorrow, email jo@example.com" — and what is left of the message without it. The address form
 * is the practical subset of RFC 5322's addr-spec that mail providers accept (no quoted local
 * parts, a dotted domain with a top-level label of letters).
 */
const ADDRESS = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9@])/;
/** The words that introduce it, right before it: "my email is", "email:", "e-mail address". */
const LEAD_IN = /(?:\b(?:and\s+)?(?:my\s+|the\s+)?e-?mail(?:\s+address)?(?:\s+is)?|\bsend\s+it\s+to)\s*[:=-]?\s*$/i;

/** What may be left beside an address without asking for anything: "thanks!", "please". */
const COURTESY_ONLY = /^(?:(?:thanks?|thank\s+you|thx|please|pls|ok(?:ay)?|cheers|ta)[\s!.,]*)+$/i;

/** The first address in `text`, and the rest of the message without it and its lead-in ("" when nothing else was asked). */
export function emailIn(text: string): { address: string; rest: string } | undefined {
  const found = ADDRESS.exec(text);
  if (!found) return undefined;
  const before = text.slice(0, found.index).replace(LEAD_IN, "");
  const after = text.slice(found.index + found[0].length);
  const rest = `${before} ${after}`.replace(/\s+/g, " ").replace(/^[\s,.;:!-]+|[\s,;:-]+$/g, "").trim();
  // A trailing full stop belongs to the sentence, not the address.
  return { address: found[0].replace(/\.+$/, ""), rest: /[A-Za-z0-9]/.test(rest) && !COURTESY_ONLY.test(rest) ? rest : "" };
}

/**
 * Service recognition: names and aliases found as words or phrases inside the message, with
 * tolerance for plurals, typos ("hiarcut", "colur treatment") and words run together ("hair cut").
 * Every plausible service is returned with a score so the conversation can ask when two are
 * close ("massage" against "Massage 30" and "Massage 60").
 */
import { distance } from "fastest-levenshtein";
import type { ServiceMatch, ServiceRef } from "./types";
import type { Span } from "./text";

interface Token {
  word: string;
  start: number;
  end: number;
}

interface Candidate {
  id: string;
  order: number;
  score: number;
  /** Token index range [from, to) in the message. */
  from: number;
  to: number;
  /** The whole name or alias matched (not just one of its words). */
  full: boolean;
}

export interface ServiceMatches {
  matches: ServiceMatch[];
  /** A service was hinted at only by a generic noun the customer qualified ("driving lessons"): ask which. */
  unclear?: true;
  /** Character spans of the accepted matches, so dates and numbers leave them alone. */
  spans: Span[];
}

/** Score lost per edit; a two-edit typo of "haircut" still scores 0.8. */
const EDIT_COST = 0.1;
/** "haircuts" for "haircut": nearly exact, but not the exact name. */
const PLURAL_COST = 0.05;
/** Words typed run together or split ("hair cut" for "haircut"). */
const JOIN_COST = 0.05;
/** Matching one word of a multi-word name ("massage" in "Massage 60") is only a hint. */
const PARTIAL_WEIGHT = 0.6;
/** Added to a partial match when the name's remaining words appear elsewhere in the message. */
const SUPPORT_WEIGHT = 0.3;
const MIN_SCORE = 0.3;

/**
 * Everyday words that sit one or two edits from a service word ("bears"/"beard", "trip"/"trim",
 * "drying"/"driving") or that belong to dates and times. They are accepted only as exact matches.
 */
const NEVER_TYPOS = new Set([
  "bears", "bear", "bead", "beads", "bread", "heard", "trip", "trips", "tram", "trio", "time", "times",
  "drying", "during", "driven", "drive", "lessen", "listen", "colon", "collar", "cooler", "dyed", "physic",
  "implore", "this", "that", "there", "their", "where", "when", "what", "with", "would", "could", "should",
  "have", "from", "just", "like", "want", "need", "book", "booking", "please", "thanks", "today",
  "tomorrow", "tonight", "morning", "afternoon", "evening", "noon", "midday", "lunch", "lunchtime", "monday",
  "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "week", "weekend", "next", "later",
  "january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
  "december", "around", "about", "after", "before", "again", "cancel", "change", "move", "reschedule",
  "appointment", "appointments", "help", "stop", "start", "sure", "okay", "yeah", "nope", "thank",
  "hello", "hi", "hey", "menu", "other", "another", "same", "some", "more", "first", "second", "third",
]);

/** Words of a multi-word name too generic to suggest the service on their own. */
const GENERIC = new Set([
  "and", "with", "for", "the", "full", "half", "hour", "hours", "mins", "minutes", "session", "sessions",
  "appointment", "appointments", "service", "services", "package", "standard", "basic", "premium", "new",
  "consultation", "quick", "express", "deluxe", "small", "large", "single", "double",
]);

/**
 * Nouns that say what kind of thing is booked but not which: "lessons", "class", "session". A
 * service found by one of them alone, while the customer put a word of their own before it
 * ("driving lessons" against "Styling lessons", "piano lessons" against an alias "lessons"), is
 * not assumed: the customer is asked which service they mean.
 */
const GENERIC_NOUNS = new Set([
  "lesson", "lessons", "class", "classes", "session", "sessions", "appointment", "appointments", "appt",
  "appts", "treatment", "treatments", "course", "courses", "therapy", "visit", "visits", "booking", "service",
  "consultation", "consult", "training", "package",
]);

/** Words that may stand before a generic noun without naming anything ("a lesson", "3 more sessions"). */
const NOT_A_QUALIFIER = new Set([
  "a", "an", "the", "my", "our", "your", "his", "her", "their", "this", "that", "these", "those", "some", "any",
  "another", "other", "more", "few", "couple", "next", "first", "second", "third", "last", "new", "one", "two",
  "three", "four", "five", "six", "seven", "eight", "nine", "ten", "book", "get", "want", "need", "have", "take",
  "do", "for", "of", "to", "in", "on", "at", "and", "or", "please", "pls", "x", "i", "me", "us", "weekly",
  "private", "group", "single", "double", "quick", "short", "long", "extra", "follow", "up", "trial", "intro",
  "introductory", "regular", "usual", "same", "ok", "okay", "hi", "hey", "hello", "yes", "no", "can", "could",
  "like", "love", "would", "id", "im", "just", "also", "too",
]);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/[a-z0-9]+(?:'[a-z]+)*/g)) {
    tokens.push({ word: m[0].replace(/'/g, ""), start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

function phraseWords(phrase: string): string[] {
  return tokenize(
    phrase
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase(),
  ).map((t) => t.word);
}

function isPlural(word: string, target: string): boolean {
  return word === `${target}s` || word === `${target}es` || target === `${word}s` || target === `${word}es`;
}

/** Levenshtein, but a swap of two neighbouring letters ("hiarcut") costs one edit, not two. */
function typoEdits(word: string, target: string): number {
  let best = distance(word, target);
  if (best < 2) return best;
  for (let i = 0; i + 1 < word.length; i++) {
    if (word[i] === word[i + 1]) continue;
    const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    best = Math.min(best, 1 + distance(swapped, target));
  }
  return best;
}

/**
 * Cost of reading message word `word` as service word `target`, or undefined when it should not
 * be read so. Typos are allowed only on words long enough to carry them (≤1 edit for 4-6 letters,
 * ≤2 beyond) and only when the first letter agrees, which is rarely the mistyped one and keeps
 * "heard" from becoming "beard".
 */
export function wordCost(word: string, target: string): number | undefined {
  if (word === target) return 0;
  if (isPlural(word, target)) return PLURAL_COST;
  if (/\d/.test(word) || /\d/.test(target)) return undefined;
  if (word.length < 4 || target.length < 4 || NEVER_TYPOS.has(word)) return undefined;
  if (word[0] !== target[0]) return undefined;
  const allowed = target.length <= 6 ? 1 : 2;
  if (Math.abs(word.length - target.length) > allowed + 1) return undefined;
  let edits = typoEdits(word, target);
  let extra = 0;
  // A misspelt plural ("hiarcuts") is a typo of the singular plus an -s.
  if (edits > allowed && word.endsWith("s")) {
    const singular = typoEdits(word.slice(0, -1), target);
    if (singular < edits) {
      edits = singular;
      extra = PLURAL_COST;
    }
  }
  return edits <= allowed && edits > 0 ? edits * EDIT_COST + extra : undefined;
}

function phraseCost(tokens: Token[], words: string[]): number | undefined {
  let cost = 0;
  for (let k = 0; k < words.length; k++) {
    const c = wordCost(tokens[k]!.word, words[k]!);
    if (c === undefined) return undefined;
    cost += c;
  }
  return cost;
}

function round(score: number): number {
  return Math.round(score * 100) / 100;
}

function candidatesFor(service: ServiceRef, order: number, tokens: Token[]): Candidate[] {
  const found: Candidate[] = [];
  const name = phraseWords(service.name);
  const phrases = [name, ...service.aliases.map(phraseWords)].filter((p) => p.length > 0);
  for (const words of phrases) {
    const n = words.length;
    // The whole phrase, word for word.
    for (let i = 0; i + n <= tokens.length; i++) {
      const cost = phraseCost(tokens.slice(i, i + n), words);
      if (cost !== undefined) found.push({ id: service.id, order, score: 1 - cost, from: i, to: i + n, full: true });
    }
    // Run together or split: "hair cut" ↔ "haircut", "colourtreatment" ↔ "colour treatment".
    const joinedTarget = words.join("");
    if (joinedTarget.length >= 6) {
      const width = n === 1 ? 2 : 1; // a one-word name typed as two words, or the reverse
      for (let i = 0; i + width <= tokens.length; i++) {
        const typed = tokens.slice(i, i + width).map((t) => t.word).join("");
        const c = wordCost(typed, joinedTarget);
        if (c !== undefined) found.push({ id: service.id, order, score: 1 - c - JOIN_COST, from: i, to: i + width, full: true });
      }
    }
    // One distinctive word of a longer name. Not of an alias: aliases are already the short
    // forms people use, and half of one ("mens" of "mens cut") is too weak a hint.
    if (n > 1 && words === name) {
      // The name's other words elsewhere in the message ("a 60 min massage" for "Massage 60")
      // make the partial match more likely the one meant.
      const present = new Set(tokens.map((t) => t.word));
      for (const target of words) {
        if (target.length < 4 || GENERIC.has(target) || /\d/.test(target)) continue;
        const others = words.filter((w) => w !== target);
        const support = others.filter((w) => present.has(w)).length / others.length;
        for (let i = 0; i < tokens.length; i++) {
          const c = wordCost(tokens[i]!.word, target);
          if (c === undefined) continue;
          const score = PARTIAL_WEIGHT * (1 - c) + SUPPORT_WEIGHT * support;
          found.push({ id: service.id, order, score, from: i, to: i + 1, full: false });
        }
      }
    }
  }
  return found;
}

/** `text` is the normalized message with already-claimed spans (promo code) blanked out. */
export function matchServices(text: string, services: readonly ServiceRef[]): ServiceMatches {
  const tokens = tokenize(text);
  const all = services.flatMap((service, order) => candidatesFor(service, order, tokens)).filter((c) => c.score >= MIN_SCORE);
  // A whole name that covers more words wins the words inside it: in "beard trim" the alias
  // "trim" of Haircut is part of Beard trim, not a second request.
  const kept = all.filter(
    (c) => !all.some((d) => d.full && d.id !== c.id && d.from <= c.from && d.to >= c.to && d.to - d.from > c.to - c.from),
  );
  const best = new Map<string, Candidate>();
  for (const c of kept) {
    const current = best.get(c.id);
    if (!current || c.score > current.score) best.set(c.id, c);
  }
  const ranked = [...best.values()].sort((a, b) => b.score - a.score || a.order - b.order);
  const [top] = ranked;
  if (top && ranked.every((c) => c.score < top.score - 0.05 || qualifiedGenericOnly(c, tokens))) {
    return { matches: [], spans: [], unclear: true };
  }
  return {
    matches: ranked.map((c) => ({ id: c.id, score: round(c.score) })),
    spans: kept.filter((c) => !shadowed(c, kept)).map((c) => ({ start: tokens[c.from]!.start, end: tokens[c.to - 1]!.end })),
  };
}

/**
 * A weaker reading of the same service over the same words claims nothing: "haircut in 3 days"
 * is "haircut" exactly, so "in" (of the near-miss "haircut in" → "haircutin") stays for the dates.
 */
function shadowed(c: Candidate, all: Candidate[]): boolean {
  return all.some((d) => d !== c && d.id === c.id && d.score > c.score && d.from < c.to && c.from < d.to);
}

/** Found by a generic noun alone, with the customer's own word before it that names something else. */
function qualifiedGenericOnly(c: Candidate, tokens: Token[]): boolean {
  if (c.to - c.from !== 1 || !GENERIC_NOUNS.has(tokens[c.from]!.word)) return false;
  const before = tokens[c.from - 1]?.word;
  return before !== undefined && /^[a-z]{3,}$/.test(before) && !NOT_A_QUALIFIER.has(before) && !NEVER_TYPOS.has(before) && !GENERIC_NOUNS.has(before);
}

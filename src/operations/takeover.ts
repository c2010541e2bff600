/**
 * The takeover rule, in one place: while a conversation's `takenOverUntil` is after now, staff are
 * answering that thread by hand and the bot composes no reply in it (STOP, START and HELP still
 * answer: the engine checks those first). A takeover lasts 24 hours from when it was taken or from
 * staff's last hand-written reply; handing back ends it at once.
 *
 * It lives with the operations (not in conversation/) because both sides need it: the operations
 * that take over and renew, and the engine (and the admin API) that read it; operations may not
 * import the conversation.
 */
import type { Actor } from "../booking/actor";
import type { Clock } from "../clock";
import type { Tx } from "../db/client";

/** How long a takeover lasts without a hand-written reply: 24 h, in minutes. */
export const TAKEOVER_MINUTES = 24 * 60;

/** True while staff hold the thread: the bot stays silent in it. A lapsed takeover (until ≤ now) is over. */
export function isTakenOver(conversation: { takenOverUntil: Date | null }, now: Date): boolean {
  return conversation.takenOverUntil !== null && conversation.takenOverUntil.getTime() > now.getTime();
}

/** How long after asking for a person the bot leaves the booking flow alone (unless staff take the thread first, which clears the request). */
export const PERSON_REQUEST_MS = 2 * 60 * 60 * 1000;

/** While a customer waits for a person: asked within the last 2 hours. The console flags the thread. */
export function isPersonRequested(conversation: { personRequestedAt: Date | null }, now: Date): boolean {
  return conversation.personRequestedAt !== null && now.getTime() - conversation.personRequestedAt.getTime() < PERSON_REQUEST_MS;
}

/** When a takeover taken (or renewed) now ends. */
export function takeoverEndsAt(now: Date): Date {
  return new Date(now.getTime() + TAKEOVER_MINUTES * 60_000);
}

/** What the conversation operations work with: the caller's transaction, the clock, and who acts. */
export interface ConversationContext {
  tx: Tx;
  clock: Clock;
  actor: Actor;
}

/** The console user who acts, or null for an API key or ADMIN_TOKEN (shown as "API"). */
export function userIdOf(actor: Actor): string | null {
  return actor.kind === "user" ? actor.userId : null;
}

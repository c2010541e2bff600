/**
 * Every change of a stored message's status, with the provider id and error code written beside
 * it: the outbox's sends (claimed, sent, retrying, failed, suppressed) and the providers' delivery
 * callbacks (Twilio's StatusCallback, Meta's statuses). A message's first status is written where
 * the message is created: the outbox's enqueue, and the engine's storing of inbound messages and
 * their replies (which also marks a stored inbound message handled, inside its turn).
 */
import { type SQL, and, asc, eq, inArray, isNotNull, isNull, lt, lte, notInArray, sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { MESSAGE_STATUSES, type MessageStatus, messages } from "../db/schema";

type MessageRow = typeof messages.$inferSelect;

/**
 * Delivery statuses only move forward. Providers' callbacks can arrive out of order ("delivered"
 * before "sent"), so a status is written only over one that is not further along.
 */
const RANK: Partial<Record<MessageStatus, number>> = {
  sending: 0,
  accepted: 0,
  scheduled: 0,
  queued: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  undelivered: 4,
  failed: 4,
  canceled: 4,
};

/** The statuses a message must not be in for `status` to replace it (those further along). */
function statusesBeyond(status: MessageStatus): MessageStatus[] {
  const rank = RANK[status] ?? 0;
  return MESSAGE_STATUSES.filter((s) => RANK[s] !== undefined && RANK[s] > rank);
}

/** The condition on a stored message for `status` to be written over its own: not further along. */
function mayMoveTo(status: MessageStatus): SQL | undefined {
  const beyond = statusesBeyond(status);
  return beyond.length > 0 ? notInArray(messages.status, beyond) : undefined;
}

export interface TwilioStatusCallback {
  /** Twilio's MessageSid. */
  sid: string;
  status: string;
  errorCode: string | null;
  /** Our own id, from the callback URL: Twilio may call before the send's answer (and so the SID) is stored. */
  messageId?: string;
}

/** A status a provider reports that is none of ours (a value added after this was written): not stored. */
function isKnown(status: string): status is MessageStatus {
  return (MESSAGE_STATUSES as readonly string[]).includes(status);
}

/** A Twilio delivery update; the SID is stored when the send's answer has not stored it yet. An unknown status is ignored. */
export async function recordTwilioStatus(db: Executor, callback: TwilioStatusCallback): Promise<void> {
  const { sid, status, errorCode, messageId } = callback;
  if (!isKnown(status)) return;
  await db
    .update(messages)
    .set({ status, errorCode, providerMessageId: sql`coalesce(${messages.providerMessageId}, ${sid})` })
    .where(
      and(
        eq(messages.provider, "twilio"),
        eq(messages.direction, "out"),
        messageId ? eq(messages.id, messageId) : eq(messages.providerMessageId, sid),
        mayMoveTo(status),
      ),
    );
}

/**
 * A Meta delivery update, found by the reference we sent with the message (our id, which Meta
 * echoes: the update may come before the send's answer stored the wamid), else by its wamid.
 * Meta's statuses arrive out of order too ("read" before "delivered").
 */
export async function recordMetaStatus(db: Executor, update: { wamid: string; status: string; errorCode: string | null; reference?: string }): Promise<void> {
  if (!isKnown(update.status)) return;
  const byReference = update.reference !== undefined && /^[0-9a-f-]{36}$/i.test(update.reference);
  await db
    .update(messages)
    .set({ status: update.status, errorCode: update.errorCode, providerMessageId: sql`coalesce(${messages.providerMessageId}, ${update.wamid})` })
    .where(
      and(
        eq(messages.provider, "meta"),
        eq(messages.direction, "out"),
        byReference ? eq(messages.id, update.reference!) : eq(messages.providerMessageId, update.wamid),
        mayMoveTo(update.status),
      ),
    );
}

/**
 * Marks due outbound rows `sending` and counts the attempt, in one statement; rows another
 * deliverer holds are skipped. A row still `sending` after its lease is due again — unless the
 * provider already has it: a status callback stored its id (the process died between the send and
 * storing the answer), so it is not sent twice. Oldest first.
 */
export async function claimDue(
  db: Executor,
  claim: { now: Date; leaseUntil: Date; maxAttempts: number; limit: number; messageIds?: string[] },
): Promise<MessageRow[]> {
  const due = db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.direction, "out"),
        inArray(messages.status, ["queued", "retrying", "sending"]),
        isNull(messages.providerMessageId),
        lte(messages.nextAttemptAt, claim.now),
        lt(messages.attempts, claim.maxAttempts),
        claim.messageIds ? inArray(messages.id, claim.messageIds) : undefined,
      ),
    )
    .orderBy(asc(messages.nextAttemptAt))
    .limit(claim.limit)
    .for("update", { skipLocked: true });
  const claimed = await db
    .update(messages)
    .set({ status: "sending", attempts: sql`${messages.attempts} + 1`, nextAttemptAt: claim.leaseUntil })
    .where(inArray(messages.id, due))
    .returning();
  return claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/**
 * Rows whose process died mid-send: those the provider reported on (its id stored by a status
 * callback) were sent; those on the last allowed attempt have nothing left to try, so they fail.
 */
export async function failAbandonedSends(db: Executor, at: { now: Date; maxAttempts: number }): Promise<void> {
  await db
    .update(messages)
    .set({ status: "sent", nextAttemptAt: null })
    .where(and(eq(messages.direction, "out"), inArray(messages.status, ["sending", "queued"]), isNotNull(messages.providerMessageId), lte(messages.nextAttemptAt, at.now)));
  await db
    .update(messages)
    .set({ status: "failed", errorCode: "send_interrupted", nextAttemptAt: null })
    .where(
      and(
        eq(messages.direction, "out"),
        eq(messages.status, "sending"),
        lte(messages.nextAttemptAt, at.now),
        sql`${messages.attempts} >= ${at.maxAttempts}`,
      ),
    );
}

/** How one send attempt ended. */
export type SendOutcome =
  | { status: "suppressed" }
  /** body: the words the message was finally written with (an email; a text whose payment link was put in). */
  | { status: "sent" | "logged"; provider: string; providerMessageId: string | null; body?: string }
  | { status: "retrying"; errorCode: string | null; nextAttemptAt: Date }
  | { status: "failed"; errorCode: string | null };

/** Writes the outcome only while this attempt still owns the row (a lease taken over is not ours any more). */
export async function recordSendOutcome(db: Executor, attempt: { id: string; attempts: number }, outcome: SendOutcome): Promise<void> {
  await db
    .update(messages)
    .set(valuesFor(outcome))
    .where(and(eq(messages.id, attempt.id), eq(messages.status, "sending"), eq(messages.attempts, attempt.attempts)));
}

function valuesFor(outcome: SendOutcome): Partial<typeof messages.$inferInsert> {
  switch (outcome.status) {
    case "suppressed":
      return { status: "suppressed", nextAttemptAt: null };
    case "sent":
    case "logged":
      return { status: outcome.status, provider: outcome.provider, providerMessageId: outcome.providerMessageId, errorCode: null, nextAttemptAt: null, ...(outcome.body !== undefined && { body: outcome.body }) };
    case "retrying":
      return { status: "retrying", errorCode: outcome.errorCode, nextAttemptAt: outcome.nextAttemptAt };
    case "failed":
      return { status: "failed", errorCode: outcome.errorCode, nextAttemptAt: null };
  }
}

/**
 * Delivery statuses only move forward. Providers' callbacks can arrive out of order ("delivered"
 * before "sent"), so a status is written only over one that is not further along.
 */
import { type SQL, notInArray } from "drizzle-orm";
import { messages } from "../db/schema";

const RANK: Record<string, number> = {
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
function statusesBeyond(status: string): string[] {
  const rank = RANK[status] ?? 0;
  return Object.keys(RANK).filter((s) => RANK[s]! > rank);
}

/** The condition on a stored message for `status` to be written over its own: not further along. */
export function mayMoveTo(status: string): SQL | undefined {
  const beyond = statusesBeyond(status);
  return beyond.length > 0 ? notInArray(messages.status, beyond) : undefined;
}

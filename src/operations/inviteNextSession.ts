/**
 * After a session of a plan is done (completed or no-show): a sequential plan whose sessions so
 * far are all done has its next session offered; a plan with every session done is closed.
 */
import { eq } from "drizzle-orm";
import type { Booking } from "../booking/bookingService";
import type { Tx } from "../db/client";
import { bookings, notifications, sessionGroups } from "../db/schema";

/** The next session to offer the customer: the plan, its service and the session's number. */
export interface NextSessionInvite {
  planId: string;
  serviceId: string;
  sessionNumber: number;
}

/**
 * Decides, for the plan of a finished session `done`, whether its next session is to be offered
 * now. Once per finished session: the notification row it claims makes the admin API and several
 * job runners agree. Returns the invitation to send, or null (not sequential, not all done yet,
 * already invited, or the plan is now complete, which is recorded).
 */
export async function nextSessionToInvite(tx: Tx, done: Booking): Promise<NextSessionInvite | null> {
  if (!done.sessionGroupId) return null;
  const [plan] = await tx.select().from(sessionGroups).where(eq(sessionGroups.id, done.sessionGroupId)).for("update");
  if (!plan || plan.status !== "active") return null;
  const sessions = await tx.select({ status: bookings.status }).from(bookings).where(eq(bookings.sessionGroupId, plan.id));
  const live = sessions.filter((s) => s.status !== "cancelled" && s.status !== "expired");
  const finished = live.filter((s) => s.status === "completed" || s.status === "no_show").length;
  if (finished >= plan.totalSessions) {
    await tx.update(sessionGroups).set({ status: "completed" }).where(eq(sessionGroups.id, plan.id));
    return null;
  }
  if (plan.strategy !== "sequential" || finished < live.length) return null;
  const claimed = await tx
    .insert(notifications)
    .values({ businessId: done.businessId, bookingId: done.id, kind: "next_session_invite" })
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  if (claimed.length === 0) return null;
  return { planId: plan.id, serviceId: plan.serviceId, sessionNumber: live.length + 1 };
}

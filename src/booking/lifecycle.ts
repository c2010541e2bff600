/** Which booking status each action may start from, and where it leads. Pure. */
import type { BookingStatus } from "../db/schema";
import { InvalidTransition } from "./errors";

export type BookingAction = "confirm" | "approve" | "reject" | "cancel" | "complete" | "no_show" | "expire" | "revive" | "reschedule";

const TRANSITIONS: Record<BookingAction, { from: readonly BookingStatus[]; to: BookingStatus | "same"; verb: string }> = {
  confirm: { from: ["held", "pending_payment", "pending_approval"], to: "confirmed", verb: "confirmed" },
  approve: { from: ["pending_approval"], to: "confirmed", verb: "approved" },
  reject: { from: ["pending_approval"], to: "cancelled", verb: "rejected" },
  cancel: { from: ["held", "pending_payment", "pending_approval", "confirmed"], to: "cancelled", verb: "cancelled" },
  complete: { from: ["confirmed"], to: "completed", verb: "completed" },
  no_show: { from: ["confirmed"], to: "no_show", verb: "marked as a no-show" },
  expire: { from: ["held", "pending_payment", "pending_approval"], to: "expired", verb: "expired" },
  // A payment that arrives after its hold lapsed confirms the booking, if its time is still free
  // (the exclusion constraint decides, as for any booking that takes time).
  revive: { from: ["expired"], to: "confirmed", verb: "confirmed after its hold lapsed" },
  reschedule: { from: ["held", "pending_payment", "pending_approval", "confirmed"], to: "same", verb: "rescheduled" },
};

/** Statuses that hold their time: everything but cancelled and expired (matches the exclusion constraint). */
export const LIVE_STATUSES: readonly BookingStatus[] = ["held", "pending_payment", "pending_approval", "confirmed", "completed", "no_show"];
/** Statuses a customer still expects to happen. */
export const UPCOMING_STATUSES: readonly BookingStatus[] = ["held", "pending_payment", "pending_approval", "confirmed"];

export function nextStatus(bookingId: string, current: BookingStatus, action: BookingAction): BookingStatus {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(current)) throw new InvalidTransition(bookingId, current, rule.verb);
  return rule.to === "same" ? current : rule.to;
}

export function canTransition(current: BookingStatus, action: BookingAction): boolean {
  return TRANSITIONS[action].from.includes(current);
}

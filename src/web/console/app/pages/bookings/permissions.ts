/** What the signed-in person may do to a booking: its status allows it, and their role (staff: their own bookings only). */
import type { Booking, Me } from "../../types";

export type BookingAction = "complete" | "no-show" | "cancel" | "reschedule" | "approve" | "reject";

const MOVABLE = ["held", "pending_payment", "pending_approval", "confirmed"];

/** Without `user` (not known yet) every action the status allows: the server still has the last word. */
export function allowedActions(booking: Booking, user?: Me["user"], now = Date.now()): BookingAction[] {
  const own = !user || user.role !== "staff" || booking.staffId === user.staffId;
  const desk = !user || user.role !== "staff";
  const allowed: BookingAction[] = [];
  // Completed and no-show say what happened: offered once the appointment has started, so a future
  // booking is not closed by a slip of the finger (the API still lets a script close one early).
  if (own && booking.status === "confirmed" && Date.parse(booking.start) <= now) allowed.push("complete", "no-show");
  if (desk && booking.status === "pending_approval") allowed.push("approve", "reject");
  if (own && MOVABLE.includes(booking.status)) allowed.push("reschedule", "cancel");
  return allowed;
}

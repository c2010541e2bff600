/** What the Notifications page reads from /admin/notifications (see notificationRoutes.ts on the server). */
export type NotificationKind =
  | "running_late"
  | "on_the_way"
  | "arrived"
  | "cannot_make_it"
  | "wants_person"
  | "unanswered_question"
  | "new_booking"
  | "pending_approval"
  | "cancelled";

export interface StaffNotification {
  id: string;
  kind: NotificationKind;
  /** Null when the customer is gone (or the notice is about no one). */
  customer: { phone: string; name: string | null } | null;
  bookingId: string | null;
  /** The server's sentence for staff, e.g. "+1555… is running about 10 minutes late for Haircut at Tue 3 Mar, 10:00." */
  text: string;
  /** UTC ISO instants (unlike most of the API, not in the business's zone). */
  createdAt: string;
  readAt: string | null;
}

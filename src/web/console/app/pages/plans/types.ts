/** GET /admin/plans as the Plans page reads it (src/operations/listPlans.ts says what each count and step means). */
import type { BookingStatus } from "../../types";

export type PlanStatus = "active" | "completed" | "cancelled";
export type Strategy = "immediate" | "sequential" | "flexible";

export interface PlanSession {
  sessionNumber: number;
  label: string | null;
  bookingId: string;
  /** ISO 8601 with the business's offset. */
  start: string;
  status: BookingStatus;
}

export interface PlanCounts {
  booked: number;
  completed: number;
  noShow: number;
  cancelled: number;
  remaining: number;
}

export type NextStep =
  | { kind: "session"; bookingId: string; start: string; sessionNumber: number }
  | { kind: "invite_after"; sessionNumber: number }
  | { kind: "customer_to_book"; sessionNumber: number }
  | { kind: "done" };

export interface Plan {
  id: string;
  service: { id: string; name: string };
  customer: { name: string | null; phone: string };
  strategy: Strategy;
  totalSessions: number;
  status: PlanStatus;
  createdAt: string;
  sessions: PlanSession[];
  counts: PlanCounts;
  nextStep: NextStep;
}

/** The parts of the admin API's JSON the Services page reads (see the README's admin routes). */
export type Strategy = "immediate" | "sequential" | "flexible";

export interface MultiSession {
  totalSessions: number;
  strategy: Strategy;
  gapDays?: number[];
  minGapDays?: number;
  sessionLabels?: string[];
}

export interface ServiceJson {
  id: string;
  name: string;
  aliases: string[];
  durationMinutes: number;
  priceCents: number;
  currency: string;
  requiresPayment: boolean;
  active: boolean;
  staffIds: string[];
  multiSession: MultiSession | null;
  packageSessions: number | null;
}

export interface PromoCode {
  id: string;
  code: string;
  percentOff: number;
  maxUses: number;
  usedCount: number;
  expiresAt: string | null;
  active: boolean;
}

/** How a session of a plan gets booked (POST /admin/services/preview). */
export type SessionBooking =
  | { kind: "first" }
  | { kind: "with_first" }
  | { kind: "after_previous_completed"; afterSession: number; minGapDays: number | null }
  | { kind: "any_time"; minGapDays: number | null };

export interface PlanPreviewJson {
  timezone: string;
  /** ISO with the business's offset. */
  sampleStart: string;
  strategy: Strategy | null;
  sessions: { sessionNumber: number; label: string | null; start: string; end: string; booking: SessionBooking }[];
}

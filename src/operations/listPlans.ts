/**
 * The business's multi-session plans (session_groups) for the console: each with its service, its
 * customer, every booking made for it, how far it has got and what happens next. Two queries
 * whatever the number of plans: the plans (with service and customer), then all their bookings.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { customerMatches } from "../booking/customers";
import { type BookingStatus, type MultiSessionStrategy, type SESSION_GROUP_STATUSES, bookings, customers, services, sessionGroups } from "../db/schema";

export type PlanStatus = (typeof SESSION_GROUP_STATUSES)[number];

export interface PlanFilter {
  status?: PlanStatus;
  serviceId?: string;
  /** Part of the customer's name (any case), or of their number when it looks like one (customerMatches). */
  q?: string;
  limit: number;
}

export interface PlanSessionView {
  sessionNumber: number;
  /** The service's label for this session number, e.g. "Final fitting"; null when it has none. */
  label: string | null;
  bookingId: string;
  start: Date;
  status: BookingStatus;
}

/**
 * Sessions of a plan by what became of them; every booking of the plan lands in exactly one of
 * completed, noShow, booked and cancelled.
 * - completed: bookings completed;
 * - noShow: bookings marked as a no-show (the session is spent: a sequential plan moves on);
 * - booked: bookings still to take place or be closed — held, awaiting payment or approval, or
 *   confirmed (a confirmed session whose time has passed stays booked until staff complete it);
 * - cancelled: bookings cancelled or whose hold lapsed (expired). They hold no place, so they are
 *   not booked; a session cancelled and booked again counts once here and once in booked;
 * - remaining: sessions of the plan not booked at all yet: total − completed − noShow − booked
 *   (never below 0).
 */
export interface PlanCounts {
  booked: number;
  completed: number;
  noShow: number;
  cancelled: number;
  remaining: number;
}

/**
 * What happens next in a plan:
 * - session: its earliest booked session (see PlanCounts.booked) takes place (or is to be closed);
 * - invite_after: a sequential plan with nothing booked whose last session is done: the customer
 *   was invited to book session `sessionNumber` when session `sessionNumber − 1` was completed (or
 *   missed), and it is theirs to book;
 * - customer_to_book: nothing booked and sessions remain: the customer books session
 *   `sessionNumber` (the first without a live booking) when they choose — a flexible plan's next
 *   lesson, an immediate plan's cancelled session, a sequential plan's first;
 * - done: nothing left to happen: the plan is completed or cancelled, or every session is spent.
 */
export type PlanNextStep =
  | { kind: "session"; bookingId: string; start: Date; sessionNumber: number }
  | { kind: "invite_after"; sessionNumber: number }
  | { kind: "customer_to_book"; sessionNumber: number }
  | { kind: "done" };

export interface PlanView {
  id: string;
  service: { id: string; name: string };
  customer: { name: string | null; phone: string };
  strategy: MultiSessionStrategy;
  totalSessions: number;
  status: PlanStatus;
  createdAt: Date;
  /** Every booking made for the plan (cancelled ones too), by session number, then start. */
  sessions: PlanSessionView[];
  counts: PlanCounts;
  nextStep: PlanNextStep;
}

const BOOKED: readonly BookingStatus[] = ["held", "pending_payment", "pending_approval", "confirmed"];
const SPENT: readonly BookingStatus[] = ["completed", "no_show"];

/** How far a plan has got (see PlanCounts). */
export function planCounts(totalSessions: number, sessions: Pick<PlanSessionView, "status">[]): PlanCounts {
  const count = (statuses: readonly BookingStatus[]) => sessions.filter((s) => statuses.includes(s.status)).length;
  const booked = count(BOOKED);
  const completed = count(["completed"]);
  const noShow = count(["no_show"]);
  return { booked, completed, noShow, cancelled: count(["cancelled", "expired"]), remaining: Math.max(0, totalSessions - completed - noShow - booked) };
}

/** What happens next in a plan (see PlanNextStep). */
export function planNextStep(plan: { status: PlanStatus; strategy: MultiSessionStrategy; totalSessions: number }, sessions: PlanSessionView[]): PlanNextStep {
  if (plan.status !== "active") return { kind: "done" };
  const upcoming = sessions.filter((s) => BOOKED.includes(s.status)).sort((a, b) => a.start.getTime() - b.start.getTime())[0];
  if (upcoming) return { kind: "session", bookingId: upcoming.bookingId, start: upcoming.start, sessionNumber: upcoming.sessionNumber };
  const taken = new Set(sessions.filter((s) => SPENT.includes(s.status)).map((s) => s.sessionNumber));
  let open = 1;
  while (taken.has(open)) open++;
  if (open > plan.totalSessions) return { kind: "done" };
  if (plan.strategy === "sequential" && taken.size > 0) return { kind: "invite_after", sessionNumber: open };
  return { kind: "customer_to_book", sessionNumber: open };
}

/** Active plans first, then completed, then cancelled; the newest first within each. */
export async function listPlans(ex: Executor, businessId: string, filter: PlanFilter): Promise<PlanView[]> {
  const q = filter.q?.trim();
  const rows = await ex
    .select({ plan: sessionGroups, serviceName: services.name, labels: services.sessionLabels, customerName: customers.name, phone: customers.phone })
    .from(sessionGroups)
    .innerJoin(services, eq(services.id, sessionGroups.serviceId))
    .innerJoin(customers, eq(customers.id, sessionGroups.customerId))
    .where(
      and(
        eq(sessionGroups.businessId, businessId),
        filter.status ? eq(sessionGroups.status, filter.status) : undefined,
        filter.serviceId ? eq(sessionGroups.serviceId, filter.serviceId) : undefined,
        q ? customerMatches(q) : undefined,
      ),
    )
    .orderBy(sql`case ${sessionGroups.status} when 'active' then 0 when 'completed' then 1 else 2 end`, desc(sessionGroups.createdAt), asc(sessionGroups.id))
    .limit(filter.limit);
  if (rows.length === 0) return [];

  const planIds = rows.map((r) => r.plan.id);
  const booked = await ex
    .select({ planId: bookings.sessionGroupId, id: bookings.id, sessionNumber: bookings.sessionNumber, startAt: bookings.startAt, status: bookings.status })
    .from(bookings)
    .where(and(eq(bookings.businessId, businessId), inArray(bookings.sessionGroupId, planIds)))
    .orderBy(asc(bookings.sessionNumber), asc(bookings.startAt));

  return rows.map(({ plan, serviceName, labels, customerName, phone }) => {
    const sessions: PlanSessionView[] = booked
      .filter((b) => b.planId === plan.id)
      .map((b) => {
        const sessionNumber = b.sessionNumber ?? 1;
        return { sessionNumber, label: labels?.[sessionNumber - 1] ?? null, bookingId: b.id, start: b.startAt, status: b.status };
      });
    return {
      id: plan.id,
      service: { id: plan.serviceId, name: serviceName },
      customer: { name: customerName, phone },
      strategy: plan.strategy,
      totalSessions: plan.totalSessions,
      status: plan.status,
      createdAt: plan.createdAt,
      sessions,
      counts: planCounts(plan.totalSessions, sessions),
      nextStep: planNextStep(plan, sessions),
    };
  });
}

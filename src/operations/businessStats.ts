/**
 * How a business is doing (GET /admin/stats), and the same for the whole deployment
 * (GET /platform/stats): bookings by status, conversion from a first message to a confirmed
 * booking, multi-session plans, and the language model's share of the conversation.
 */
import { asc, eq, sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { BOOKING_STATUSES, bookings, businesses, llmTurns, messages, sessionGroups } from "../db/schema";

type BookingStatus = (typeof BOOKING_STATUSES)[number];

export interface BusinessStats {
  bookingsByStatus: Record<BookingStatus, number>;
  conversion: { customersWhoWrote: number; customersWithConfirmedBooking: number; rate: number };
  multiSessionGroups: { active: number; completed: number; cancelled: number; completionRate: number };
  llm: {
    calls: number;
    understood: number;
    failed: number;
    promptTokens: number;
    completionTokens: number;
    latencyMs: { p50: number | null; p95: number | null };
  };
}

export interface DeploymentStats extends BusinessStats {
  businesses: number;
}

/** The stats of one business. */
export async function businessStats(ex: Executor, businessId: string): Promise<BusinessStats> {
  const byStatus = await ex
    .select({ status: bookings.status, n: sql<number>`count(*)::int` })
    .from(bookings)
    .where(eq(bookings.businessId, businessId))
    .groupBy(bookings.status);
  // Conversion: customers who wrote at least once, and how many of them have a confirmed (or later) booking.
  const [funnel] = await ex
    .execute<{ contacted: number; converted: number }>(
      sql`
      select
        (select count(distinct ${messages.customerId})::int from ${messages} where ${messages.businessId} = ${businessId} and ${messages.direction} = 'in') as contacted,
        (select count(distinct b.customer_id)::int from ${bookings} b
           where b.business_id = ${businessId} and b.status in ('confirmed', 'completed', 'no_show')
             and exists (select 1 from ${messages} m where m.customer_id = b.customer_id and m.direction = 'in')) as converted
    `,
    )
    .then((r) => (Array.isArray(r) ? r : (r as unknown as { rows: { contacted: number; converted: number }[] }).rows));
  const plans = await ex
    .select({ status: sessionGroups.status, n: sql<number>`count(*)::int` })
    .from(sessionGroups)
    .where(eq(sessionGroups.businessId, businessId))
    .groupBy(sessionGroups.status);
  const planCount = (status: string) => plans.find((p) => p.status === status)?.n ?? 0;
  return withRates({
    bookingsByStatus: Object.fromEntries(BOOKING_STATUSES.map((s) => [s, byStatus.find((b) => b.status === s)?.n ?? 0])) as Record<BookingStatus, number>,
    conversion: { customersWhoWrote: Number(funnel?.contacted ?? 0), customersWithConfirmedBooking: Number(funnel?.converted ?? 0), rate: 0 },
    multiSessionGroups: { active: planCount("active"), completed: planCount("completed"), cancelled: planCount("cancelled"), completionRate: 0 },
    llm: await llmStats(ex, businessId),
  });
}

/**
 * Every business's stats summed, with `businesses` the number of them. The rates are recomputed
 * from the summed counts (not averaged), and the LLM latency percentiles over every business's
 * calls together, since percentiles do not add up. The same phone writing to two businesses is two
 * customers, as it is everywhere else.
 */
export async function deploymentStats(ex: Executor): Promise<DeploymentStats> {
  const all = await ex.select({ id: businesses.id }).from(businesses).orderBy(asc(businesses.createdAt));
  let total = emptyStats();
  for (const { id } of all) total = add(total, await businessStats(ex, id));
  return { businesses: all.length, ...withRates(total), llm: { ...total.llm, latencyMs: await llmLatency(ex) } };
}

function emptyStats(): BusinessStats {
  return {
    bookingsByStatus: Object.fromEntries(BOOKING_STATUSES.map((s) => [s, 0])) as Record<BookingStatus, number>,
    conversion: { customersWhoWrote: 0, customersWithConfirmedBooking: 0, rate: 0 },
    multiSessionGroups: { active: 0, completed: 0, cancelled: 0, completionRate: 0 },
    llm: { calls: 0, understood: 0, failed: 0, promptTokens: 0, completionTokens: 0, latencyMs: { p50: null, p95: null } },
  };
}

/** The counts of both added up; rates and latencies are left for the caller to recompute. */
function add(a: BusinessStats, b: BusinessStats): BusinessStats {
  return {
    bookingsByStatus: Object.fromEntries(BOOKING_STATUSES.map((s) => [s, a.bookingsByStatus[s] + b.bookingsByStatus[s]])) as Record<BookingStatus, number>,
    conversion: {
      customersWhoWrote: a.conversion.customersWhoWrote + b.conversion.customersWhoWrote,
      customersWithConfirmedBooking: a.conversion.customersWithConfirmedBooking + b.conversion.customersWithConfirmedBooking,
      rate: 0,
    },
    multiSessionGroups: {
      active: a.multiSessionGroups.active + b.multiSessionGroups.active,
      completed: a.multiSessionGroups.completed + b.multiSessionGroups.completed,
      cancelled: a.multiSessionGroups.cancelled + b.multiSessionGroups.cancelled,
      completionRate: 0,
    },
    llm: {
      calls: a.llm.calls + b.llm.calls,
      understood: a.llm.understood + b.llm.understood,
      failed: a.llm.failed + b.llm.failed,
      promptTokens: a.llm.promptTokens + b.llm.promptTokens,
      completionTokens: a.llm.completionTokens + b.llm.completionTokens,
      latencyMs: { p50: null, p95: null },
    },
  };
}

/** The conversion and plan completion rates of the counts, to three decimals (0 when nothing to divide). */
function withRates(stats: BusinessStats): BusinessStats {
  const { conversion: c, multiSessionGroups: m } = stats;
  const finished = m.completed + m.cancelled;
  return {
    ...stats,
    conversion: { ...c, rate: ratio(c.customersWithConfirmedBooking, c.customersWhoWrote) },
    multiSessionGroups: { ...m, completionRate: ratio(m.completed, finished) },
  };
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000;
}

/** The language model's share of the conversation: calls, what came of them, tokens and latency. */
async function llmStats(ex: Executor, businessId: string): Promise<BusinessStats["llm"]> {
  const [row] = await ex
    .select({
      calls: sql<number>`count(*)::int`,
      understood: sql<number>`(count(*) filter (where ${llmTurns.outcome} = 'understood'))::int`,
      failed: sql<number>`(count(*) filter (where ${llmTurns.outcome} like 'failed:%'))::int`,
      promptTokens: sql<number>`coalesce(sum(${llmTurns.promptTokens}), 0)::int`,
      completionTokens: sql<number>`coalesce(sum(${llmTurns.completionTokens}), 0)::int`,
      p50: sql<number | null>`percentile_disc(0.5) within group (order by ${llmTurns.latencyMs})`,
      p95: sql<number | null>`percentile_disc(0.95) within group (order by ${llmTurns.latencyMs})`,
    })
    .from(llmTurns)
    .where(eq(llmTurns.businessId, businessId));
  return {
    calls: row?.calls ?? 0,
    understood: row?.understood ?? 0,
    failed: row?.failed ?? 0,
    promptTokens: row?.promptTokens ?? 0,
    completionTokens: row?.completionTokens ?? 0,
    latencyMs: { p50: row?.p50 ?? null, p95: row?.p95 ?? null },
  };
}

/** The LLM latency percentiles over every call of the deployment. */
async function llmLatency(ex: Executor): Promise<BusinessStats["llm"]["latencyMs"]> {
  const [row] = await ex
    .select({
      p50: sql<number | null>`percentile_disc(0.5) within group (order by ${llmTurns.latencyMs})`,
      p95: sql<number | null>`percentile_disc(0.95) within group (order by ${llmTurns.latencyMs})`,
    })
    .from(llmTurns);
  return { p50: row?.p50 ?? null, p95: row?.p95 ?? null };
}

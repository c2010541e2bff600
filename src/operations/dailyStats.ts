/**
 * How a business did, day by day over a period (GET /admin/stats/daily, the console's dashboard):
 * bookings made and appointments by status, money in and out, and the period's rates. Days are
 * local dates in the business's time zone, grouped by the database with the zone's rules (so a
 * DST change or an evening booking whose UTC date is the next day lands on its local day). One
 * grouped query per measure, whatever the length of the period.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { type LocalDate, addLocalDays, localDateOf, startOfLocalDay } from "../booking/time";
import type { Executor } from "../db/client";
import { BOOKING_STATUSES, type BookingStatus, bookings, llmTurns, messages, payments, sessionGroups } from "../db/schema";

/** The longest period one request may ask for, in days (a leap year). */
export const MAX_PERIOD_DAYS = 366;
/** The period when none is asked for: the last 30 days, today included. */
export const DEFAULT_PERIOD_DAYS = 30;

export type StatusCounts = Record<BookingStatus, number>;

export interface DayStats {
  /** YYYY-MM-DD, the business's local date. */
  date: string;
  /** Bookings created that day, by their status now. */
  made: StatusCounts;
  /** Bookings starting that day, by their status now. */
  appointments: StatusCounts;
  /** Payments taken that day, in the business's currency (gross: refunds are not subtracted). */
  revenueCents: number;
  /** Money given back that day, in the business's currency. */
  refundsCents: number;
}

export interface DailyStats {
  from: string;
  to: string;
  /** The business's local date now: the end of the default period. */
  today: string;
  timezone: string;
  currency: string;
  /** Every date from `from` to `to`, in order, days without activity included (zeros). */
  days: DayStats[];
  totals: {
    made: StatusCounts;
    appointments: StatusCounts;
    revenueCents: number;
    refundsCents: number;
    /** Money in currencies other than the business's (a service priced in another one), never mixed into the cents above. */
    otherCurrencies: { currency: string; revenueCents: number; refundsCents: number }[];
    /** Customers whose first message ever came in the period, and how many of them then got a booking confirmed. */
    conversion: { customersWhoWrote: number; customersWhoBooked: number; rate: number };
    /** Of the period's appointments that were attended or missed (by start date). */
    noShows: { noShow: number; completed: number; rate: number };
    /** Multi-session plans started in the period, and how many of them are completed. */
    plans: { started: number; completed: number; cancelled: number; rate: number };
    /** Turns the language model helped with in the period (tokens as the provider reported them). */
    llm: { turns: number; understood: number; failed: number; promptTokens: number; completionTokens: number };
  };
}

export type PeriodQuery = { from?: LocalDate; to?: LocalDate };
export type Period = { from: LocalDate; to: LocalDate; today: LocalDate };
export type PeriodOutcome = { kind: "ok"; period: Period } | { kind: "invalid"; field: "from" | "to"; message: string };

/**
 * The period asked for: `to` defaults to today (in the business's zone, by the clock), `from` to
 * 29 days before `to`. A period that ends before it starts, or spans more than MAX_PERIOD_DAYS
 * days, is refused naming the date the caller gave (`to` when both).
 */
export function resolvePeriod(query: PeriodQuery, now: Date, timezone: string): PeriodOutcome {
  const today = localDateOf(now, timezone);
  const to = query.to ?? today;
  const from = query.from ?? addLocalDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  const field = query.to ? "to" : "from";
  const days = daysBetween(from, to) + 1;
  if (days < 1) return { kind: "invalid", field, message: field === "to" ? "must be on or after from" : "must be on or before to (today when to is not given)" };
  if (days > MAX_PERIOD_DAYS) return { kind: "invalid", field, message: `the period may span at most ${MAX_PERIOD_DAYS} days, from and to included` };
  return { kind: "ok", period: { from, to, today } };
}

function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

export function isoDate(d: LocalDate): string {
  return `${String(d.year).padStart(4, "0")}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

export async function dailyStats(ex: Executor, business: { id: string; timezone: string; currency: string }, period: Period): Promise<DailyStats> {
  const { id: businessId, timezone } = business;
  // [start, end): local midnight of `from` to local midnight after `to`, as the zone has them (23 or 25 hours on a DST day).
  const start = startOfLocalDay(period.from, timezone).toISOString();
  const end = startOfLocalDay(addLocalDays(period.to, 1), timezone).toISOString();
  const within = (column: AnyPgColumn | SQL) => sql`${column} >= ${start}::timestamptz and ${column} < ${end}::timestamptz`;
  const localDay = (column: AnyPgColumn) => sql<string>`to_char(${column} at time zone ${timezone}, 'YYYY-MM-DD')`;

  const byDayAndStatus = (column: typeof bookings.createdAt | typeof bookings.startAt) =>
    ex
      .select({ date: localDay(column), status: bookings.status, n: sql<number>`count(*)::int` })
      .from(bookings)
      .where(and(eq(bookings.businessId, businessId), within(column)))
      // By position: the zone is a parameter, and a second copy of it would be another expression to PostgreSQL.
      .groupBy(sql`1`, sql`2`);

  const [made, appointments, money, conversion, plans, llm] = await Promise.all([
    byDayAndStatus(bookings.createdAt),
    byDayAndStatus(bookings.startAt),
    moneyByDay(ex, businessId, within, localDay),
    conversionOf(ex, businessId, within),
    plansStarted(ex, businessId, within),
    ex
      .select({
        turns: sql<number>`count(*)::int`,
        understood: sql<number>`(count(*) filter (where ${llmTurns.outcome} = 'understood'))::int`,
        failed: sql<number>`(count(*) filter (where ${llmTurns.outcome} like 'failed:%'))::int`,
        promptTokens: sql<number>`coalesce(sum(${llmTurns.promptTokens}), 0)::int`,
        completionTokens: sql<number>`coalesce(sum(${llmTurns.completionTokens}), 0)::int`,
      })
      .from(llmTurns)
      .where(and(eq(llmTurns.businessId, businessId), within(llmTurns.createdAt))),
  ]);

  const madeOn = countsByDate(made);
  const appointmentsOn = countsByDate(appointments);
  const cents = new Map<string, number>();
  for (const m of money) if (m.currency === business.currency) cents.set(`${m.kind} ${m.date}`, m.cents);
  const days: DayStats[] = [];
  for (let d = period.from; daysBetween(d, period.to) >= 0; d = addLocalDays(d, 1)) {
    const date = isoDate(d);
    days.push({
      date,
      made: madeOn.get(date) ?? emptyCounts(),
      appointments: appointmentsOn.get(date) ?? emptyCounts(),
      revenueCents: cents.get(`revenue ${date}`) ?? 0,
      refundsCents: cents.get(`refund ${date}`) ?? 0,
    });
  }

  const madeTotal = sumCounts(days.map((d) => d.made));
  const appointmentsTotal = sumCounts(days.map((d) => d.appointments));
  return {
    from: isoDate(period.from),
    to: isoDate(period.to),
    today: isoDate(period.today),
    timezone,
    currency: business.currency,
    days,
    totals: {
      made: madeTotal,
      appointments: appointmentsTotal,
      revenueCents: days.reduce((sum, d) => sum + d.revenueCents, 0),
      refundsCents: days.reduce((sum, d) => sum + d.refundsCents, 0),
      otherCurrencies: otherCurrencies(money, business.currency),
      conversion: { ...conversion, rate: ratio(conversion.customersWhoBooked, conversion.customersWhoWrote) },
      noShows: {
        noShow: appointmentsTotal.no_show,
        completed: appointmentsTotal.completed,
        rate: ratio(appointmentsTotal.no_show, appointmentsTotal.no_show + appointmentsTotal.completed),
      },
      plans: { ...plans, rate: ratio(plans.completed, plans.started) },
      llm: llm[0] ?? { turns: 0, understood: 0, failed: 0, promptTokens: 0, completionTokens: 0 },
    },
  };
}

interface MoneyRow {
  kind: "revenue" | "refund";
  date: string;
  currency: string;
  cents: number;
}

/**
 * Money in and out per local day and currency. A payment counts as revenue once money came in
 * (paid, then perhaps refunded), on the day its checkout opened: payments keep no separate paid
 * time, and the customer pays within the hold, so this is the paying day but for a payment made
 * across midnight (and it never moves when the payment is refunded later). Refunds count on the
 * day of the payment's last refund: several partial refunds of one payment land on the last one's day.
 */
async function moneyByDay(
  ex: Executor,
  businessId: string,
  within: (column: AnyPgColumn) => SQL,
  localDay: (column: AnyPgColumn) => SQL<string>,
): Promise<MoneyRow[]> {
  const revenue = ex
    .select({ kind: sql<"revenue" | "refund">`'revenue'`.as("kind"), date: localDay(payments.createdAt).as("date"), currency: payments.currency, cents: sql<number>`sum(${payments.amountCents})::bigint`.as("cents") })
    .from(payments)
    .where(and(eq(payments.businessId, businessId), sql`${payments.status} in ('paid', 'refunded', 'partially_refunded')`, within(payments.createdAt)))
    .groupBy(sql`2`, sql`3`);
  const refunds = ex
    .select({ kind: sql<"revenue" | "refund">`'refund'`.as("kind"), date: localDay(payments.updatedAt).as("date"), currency: payments.currency, cents: sql<number>`sum(${payments.refundedCents})::bigint`.as("cents") })
    .from(payments)
    .where(and(eq(payments.businessId, businessId), sql`${payments.refundedCents} > 0`, within(payments.updatedAt)))
    .groupBy(sql`2`, sql`3`);
  const rows = await revenue.unionAll(refunds);
  return rows.map((r) => ({ ...r, cents: Number(r.cents) }));
}

function otherCurrencies(money: MoneyRow[], currency: string): DailyStats["totals"]["otherCurrencies"] {
  const others = [...new Set(money.map((m) => m.currency).filter((c) => c !== currency))].sort();
  return others.map((c) => ({
    currency: c,
    revenueCents: money.filter((m) => m.currency === c && m.kind === "revenue").reduce((sum, m) => sum + m.cents, 0),
    refundsCents: money.filter((m) => m.currency === c && m.kind === "refund").reduce((sum, m) => sum + m.cents, 0),
  }));
}

/**
 * Customers whose first message to the business came in the period, and those of them with a
 * booking made after that message which was confirmed at some point (a later cancellation or
 * no-show still means the conversation led to a booking).
 */
async function conversionOf(ex: Executor, businessId: string, within: (column: SQL) => SQL): Promise<{ customersWhoWrote: number; customersWhoBooked: number }> {
  const first = ex
    .select({ customerId: messages.customerId, firstAt: sql<Date>`min(${messages.createdAt})`.as("first_at") })
    .from(messages)
    .where(and(eq(messages.businessId, businessId), eq(messages.direction, "in"), sql`${messages.customerId} is not null`))
    .groupBy(messages.customerId)
    .as("first_messages");
  const [row] = await ex
    .select({
      customersWhoWrote: sql<number>`count(*)::int`,
      // Spelled out with aliases: drizzle leaves a lone table's columns unqualified, which inside
      // the subquery would compare the booking's customer with itself.
      customersWhoBooked: sql<number>`(count(*) filter (where exists (
        select 1 from ${bookings} b where b.customer_id = "first_messages"."customer_id" and b.confirmed_at is not null and b.created_at >= "first_messages"."first_at"
      )))::int`,
    })
    .from(first)
    .where(within(sql`${first.firstAt}`));
  return row ?? { customersWhoWrote: 0, customersWhoBooked: 0 };
}

/**
 * Multi-session plans whose first booking was made in the period, and what became of them. (A
 * plan is dated by its bookings, which carry the clock's time, rather than by its own row.)
 */
async function plansStarted(ex: Executor, businessId: string, within: (column: SQL) => SQL): Promise<{ started: number; completed: number; cancelled: number }> {
  const firstBooking = ex
    .select({ planId: bookings.sessionGroupId, startedAt: sql<Date>`min(${bookings.createdAt})`.as("started_at") })
    .from(bookings)
    .where(and(eq(bookings.businessId, businessId), sql`${bookings.sessionGroupId} is not null`))
    .groupBy(bookings.sessionGroupId)
    .as("plan_starts");
  const [row] = await ex
    .select({
      started: sql<number>`count(*)::int`,
      completed: sql<number>`(count(*) filter (where ${sessionGroups.status} = 'completed'))::int`,
      cancelled: sql<number>`(count(*) filter (where ${sessionGroups.status} = 'cancelled'))::int`,
    })
    .from(sessionGroups)
    .innerJoin(firstBooking, eq(firstBooking.planId, sessionGroups.id))
    .where(and(eq(sessionGroups.businessId, businessId), within(sql`${firstBooking.startedAt}`)));
  return row ?? { started: 0, completed: 0, cancelled: 0 };
}

function emptyCounts(): StatusCounts {
  return Object.fromEntries(BOOKING_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

function countsByDate(rows: { date: string; status: BookingStatus; n: number }[]): Map<string, StatusCounts> {
  const byDate = new Map<string, StatusCounts>();
  for (const r of rows) {
    const counts = byDate.get(r.date) ?? emptyCounts();
    counts[r.status] += r.n;
    byDate.set(r.date, counts);
  }
  return byDate;
}

function sumCounts(all: StatusCounts[]): StatusCounts {
  const total = emptyCounts();
  for (const counts of all) for (const s of BOOKING_STATUSES) total[s] += counts[s];
  return total;
}

/** To three decimals; 0 when there is nothing to divide. */
function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000;
}

/**
 * Availability benchmark: BookingService.findSlots over a 90-day window for a busy two-person
 * business with 5,000 existing confirmed bookings.
 *
 * Prints `availability p50 X ms p95 Y ms` and one informational line.
 */
import { count, eq } from "drizzle-orm";
import { BookingService } from "../../src/booking/bookingService";
import { DAY_MS, MINUTE_MS, localDateOf, localMinuteOfDay, startOfLocalDay, weekdayOf } from "../../src/booking/time";
import { ManualClock } from "../../src/clock";
import type { Db } from "../../src/db/client";
import { availabilityRules, bookings, businesses, customers, serviceStaff, services, staff } from "../../src/db/schema";
import { createBenchDatabase } from "./database";
import { formatLine, measure, ms, summarize } from "./stats";

/** The bench's fixed "now": Monday 2026-01-05 09:00 in New York. The 90 days ahead cross the March DST change. */
export const NOW = new Date("2026-01-05T14:00:00.000Z");
const TIMEZONE = "America/New_York";
export const HORIZON_DAYS = 90;
const SERVICE_MINUTES = 30;
const BOOKING_COUNT = 5_000;
const CUSTOMER_COUNT = 8;
const INSERT_BATCH = 500;
const WARMUP_RUNS = 5;
const MEASURED_RUNS = 50;
/** Mon–Sat 08:00–20:00 for both staff. */
const WORK_WEEKDAYS = [1, 2, 3, 4, 5, 6];
const WORK_START_MINUTE = 8 * 60;
const WORK_END_MINUTE = 20 * 60;
/**
 * Two staff working 12 h on ~77 days have room for only ~3,700 half-hour bookings, so 5,000
 * cannot all sit inside working hours. This share of the working-hours cells is booked (a busy
 * calendar that still leaves free slots); the rest of the 5,000 go to off-hours cells (evenings,
 * nights, Sundays). They are still loaded and merged by findSlots, they just never hide a slot.
 */
const WORKING_HOURS_FILL = 0.8;
const SEED = 20260105;

export interface Fixture {
  businessId: string;
  serviceId: string;
  staffIds: string[];
  bookingsInWorkingHours: number;
}

export async function run(): Promise<void> {
  const setupStarted = performance.now();
  const database = await createBenchDatabase();
  try {
    const { db } = database;
    const fixture = await seed(db);
    const setupMs = performance.now() - setupStarted;

    const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(bookings).where(eq(bookings.businessId, fixture.businessId));
    if (total !== BOOKING_COUNT) throw new Error(`expected ${BOOKING_COUNT} bookings, found ${total}`);

    const service = new BookingService(new ManualClock(NOW));
    const request = { businessId: fixture.businessId, serviceId: fixture.serviceId, from: NOW, to: new Date(NOW.getTime() + HORIZON_DAYS * DAY_MS) };
    let slotCount = 0;
    const timings = await measure(
      async () => {
        slotCount = (await service.findSlots(db, request)).length;
      },
      { warmup: WARMUP_RUNS, runs: MEASURED_RUNS },
    );
    const summary = summarize(timings);
    console.log(formatLine("availability", summary));
    console.log(
      `availability: ${slotCount} slots over ${HORIZON_DAYS} days, ${total} confirmed bookings (${fixture.bookingsInWorkingHours} in working hours), ` +
        `${fixture.staffIds.length} staff, ${database.label}; ${summary.count} runs after ${WARMUP_RUNS} warm-up, ` +
        `min ${ms(summary.min)} ms mean ${ms(summary.mean)} ms p99 ${ms(summary.p99)} ms max ${ms(summary.max)} ms; setup ${ms(setupMs)} ms`,
    );
  } finally {
    await database.destroy();
  }
}

/** One business, two staff, one 30-minute service offered by both, customers, and the bookings. */
export async function seed(db: Db): Promise<Fixture> {
  const [business] = await db
    .insert(businesses)
    .values({
      name: "Bench Studio",
      slug: "bench-studio",
      timezone: TIMEZONE,
      currency: "USD",
      slotIntervalMinutes: 15,
      bufferMinutes: 0,
      maxAdvanceDays: 120,
      minNoticeMinutes: 60,
      createdAt: NOW,
      updatedAt: NOW,
    })
    .returning({ id: businesses.id });
  const businessId = business!.id;

  const staffRows = await db
    .insert(staff)
    .values(["Alex", "Blair"].map((name) => ({ businessId, name, createdAt: NOW })))
    .returning({ id: staff.id });
  const staffIds = staffRows.map((s) => s.id);
  await db
    .insert(availabilityRules)
    .values(staffIds.flatMap((staffId) => WORK_WEEKDAYS.map((weekday) => ({ businessId, staffId, weekday, startMinute: WORK_START_MINUTE, endMinute: WORK_END_MINUTE }))));

  const [service] = await db
    .insert(services)
    .values({ businessId, name: "Haircut", durationMinutes: SERVICE_MINUTES, priceCents: 4_000, currency: "USD", createdAt: NOW, updatedAt: NOW })
    .returning({ id: services.id });
  const serviceId = service!.id;
  await db.insert(serviceStaff).values(staffIds.map((staffId) => ({ serviceId, staffId })));

  const customerRows = await db
    .insert(customers)
    .values(Array.from({ length: CUSTOMER_COUNT }, (_, i) => ({ businessId, phone: `+1555010${String(i).padStart(4, "0")}`, name: `Customer ${i + 1}`, createdAt: NOW })))
    .returning({ id: customers.id });
  const customerIds = customerRows.map((c) => c.id);

  const placed = placeBookings(staffIds);
  const rows = placed.map((b, i) => {
    const endAt = new Date(b.start + SERVICE_MINUTES * MINUTE_MS);
    return {
      businessId,
      serviceId,
      staffId: b.staffId,
      customerId: customerIds[i % customerIds.length]!,
      startAt: new Date(b.start),
      endAt,
      blockedUntil: endAt,
      status: "confirmed" as const,
      priceCents: 4_000,
      currency: "USD",
      paymentStatus: "at_appointment" as const,
      confirmedAt: NOW,
      createdAt: NOW,
      updatedAt: NOW,
    };
  });
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await db.insert(bookings).values(rows.slice(i, i + INSERT_BATCH));
  }
  return { businessId, serviceId, staffIds, bookingsInWorkingHours: placed.filter((b) => b.working).length };
}

interface Placement {
  staffId: string;
  start: number;
  working: boolean;
}

/**
 * BOOKING_COUNT distinct half-hour cells (staff × 30-minute step of real time from today's local
 * midnight) in [now, now + 90 days): distinct cells of one staff member never overlap, so the
 * exclusion constraint accepts them all. Deterministic (seeded), sorted by start.
 */
function placeBookings(staffIds: string[]): Placement[] {
  const step = SERVICE_MINUTES * MINUTE_MS;
  const end = NOW.getTime() + HORIZON_DAYS * DAY_MS;
  const working: Placement[] = [];
  const offHours: Placement[] = [];
  // Stepping real time (not wall-clock time) keeps cells disjoint across DST changes; New York's
  // offsets are whole hours, so the cells stay on local half-hours.
  for (let start = startOfLocalDay(localDateOf(NOW, TIMEZONE), TIMEZONE).getTime(); start + step <= end; start += step) {
    if (start < NOW.getTime()) continue;
    const instant = new Date(start);
    const minute = localMinuteOfDay(instant, TIMEZONE);
    const isWorking =
      WORK_WEEKDAYS.includes(weekdayOf(localDateOf(instant, TIMEZONE))) && minute >= WORK_START_MINUTE && minute + SERVICE_MINUTES <= WORK_END_MINUTE;
    for (const staffId of staffIds) (isWorking ? working : offHours).push({ staffId, start, working: isWorking });
  }
  if (working.length + offHours.length < BOOKING_COUNT) {
    throw new Error(`only ${working.length + offHours.length} half-hour cells in ${HORIZON_DAYS} days for ${BOOKING_COUNT} bookings`);
  }
  const random = mulberry32(SEED);
  shuffle(working, random);
  shuffle(offHours, random);
  const inWorking = Math.min(Math.round(working.length * WORKING_HOURS_FILL), BOOKING_COUNT);
  const chosen = [...working.slice(0, inWorking), ...offHours.slice(0, BOOKING_COUNT - inWorking)];
  if (chosen.length < BOOKING_COUNT) chosen.push(...working.slice(inWorking, inWorking + BOOKING_COUNT - chosen.length));
  return chosen.sort((a, b) => a.start - b.start || a.staffId.localeCompare(b.staffId));
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

/** A small seeded PRNG, so every run books the same cells. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A customer's question answered from the business's own data, as a front desk would: prices and
 * durations (a plan's per session and in all), opening hours on a day or the week ahead, whether a
 * staff member works a day and when they are free, the address and contact details, who this is,
 * and what can be booked. Returns facts, never sentences (copy words them).
 */
import { and, asc, eq } from "drizzle-orm";
import type { Business } from "../booking/business";
import type { BookingService } from "../booking/bookingService";
import { openingHours } from "../booking/openingHours";
import type { AnswerView, ServiceFacts } from "../copy";
import { type LocalDate, addLocalDays, localDateOf } from "../booking/time";
import type { Executor } from "../db/client";
import { serviceStaff, services, staff } from "../db/schema";

export type Answer = AnswerView;

export type AnswerTopic = "price" | "duration" | "hours" | "address" | "contact" | "who" | "services" | "staff_day";

export interface Question {
  topic: AnswerTopic;
  /** The services asked about (price, duration), when the customer named any. */
  serviceIds?: string[];
  staffId?: string;
  /** The day asked about (hours, a staff member's day); unset: the week ahead from `now`. */
  day?: LocalDate;
  now: Date;
}

/** Free times listed when asked whether someone works a day. */
const FREE_TIMES_SHOWN = 3;
const WEEK = 7;
const SPREAD_MS = 60 * 60 * 1000;

export async function answerQuestion(ex: Executor, bookingService: BookingService, business: Business, q: Question): Promise<Answer> {
  switch (q.topic) {
    case "price":
    case "duration": {
      const all = await activeServices(ex, business.id);
      const asked = all.filter((s) => q.serviceIds?.includes(s.id));
      return { kind: q.topic, services: asked.length > 0 ? asked : all, asked: asked.length > 0 };
    }
    case "services":
      return { kind: "services", services: await activeServices(ex, business.id) };
    case "hours":
      return { kind: "hours", days: await hoursOn(ex, business, daysAsked(q, business.timezone)) };
    case "staff_day":
      return staffDay(ex, bookingService, business, q);
    case "address":
    case "contact":
      return { kind: "address", businessName: business.name, address: business.address, contactEmail: business.contactEmail };
    case "who":
      return { kind: "who", businessName: business.name };
  }
}

async function staffDay(ex: Executor, bookingService: BookingService, business: Business, q: Question): Promise<Answer> {
  const [member] = await ex.select().from(staff).where(and(eq(staff.id, q.staffId!), eq(staff.businessId, business.id)));
  if (!member) return { kind: "hours", days: await hoursOn(ex, business, daysAsked(q, business.timezone)) };
  const days = await hoursOn(ex, business, daysAsked(q, business.timezone), member.id);
  let freeStarts: Date[] = [];
  const workingDay = q.day && days[0]?.open.length ? q.day : undefined;
  if (workingDay) {
    // Free times for the first service they offer: enough to say "free at 10:00, 11:30 and 14:00".
    const [offered] = await ex
      .select({ service: services })
      .from(serviceStaff)
      .innerJoin(services, eq(services.id, serviceStaff.serviceId))
      .where(and(eq(serviceStaff.staffId, member.id), eq(services.active, true)))
      .orderBy(asc(services.createdAt))
      .limit(1);
    if (offered) {
      const slots = await bookingService.slotsOnDay(ex, business, offered.service, workingDay);
      freeStarts = spreadOut(slots.filter((s) => s.staffIds.includes(member.id)).map((s) => s.start));
    }
  }
  return { kind: "staff_day", staffName: member.name, days, freeStarts };
}

/** Up to three free starts an hour or more apart, so they show the day rather than one quarter-hour after another. */
function spreadOut(starts: Date[]): Date[] {
  const picked: Date[] = [];
  for (const start of starts) {
    if (picked.length === FREE_TIMES_SHOWN) break;
    const last = picked[picked.length - 1];
    if (!last || start.getTime() - last.getTime() >= SPREAD_MS) picked.push(start);
  }
  return picked;
}

function daysAsked(q: Question, timezone: string): LocalDate[] {
  if (q.day) return [q.day];
  const today = localDateOf(q.now, timezone);
  return Array.from({ length: WEEK }, (_, i) => addLocalDays(today, i));
}

async function hoursOn(ex: Executor, business: Business, days: LocalDate[], staffId?: string) {
  return Promise.all(days.map(async (day) => ({ day, open: await openingHours(ex, business, day, staffId) })));
}

async function activeServices(ex: Executor, businessId: string): Promise<ServiceFacts[]> {
  return ex
    .select({
      id: services.id,
      name: services.name,
      priceCents: services.priceCents,
      currency: services.currency,
      durationMinutes: services.durationMinutes,
      totalSessions: services.totalSessions,
      packageSessions: services.packageSessions,
    })
    .from(services)
    .where(and(eq(services.businessId, businessId), eq(services.active, true)))
    .orderBy(asc(services.createdAt), asc(services.name));
}

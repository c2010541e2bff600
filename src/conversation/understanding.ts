/** Pure readings of a parsed message against what the bot just offered. */
import { DateTime } from "luxon";
import type { ParsedMessage } from "./parser/types";
import type { ActivePlan, BookingSummary, Catalog, CatalogService, SlotOffer } from "./types";

/** The best-scoring services; several when they tie (the customer must choose). */
export function matchedServices(parsed: ParsedMessage): string[] {
  const [best] = parsed.services;
  if (!best) return [];
  return parsed.services.filter((s) => best.score - s.score < 0.05).map((s) => s.id);
}

export function mentionsWhen(parsed: ParsedMessage): boolean {
  return Boolean(parsed.date || parsed.dateRange || parsed.time || parsed.timeOfDay || parsed.anyTime);
}

/** A numbered pick ("2", "the second one") within the offered count. */
export function pickedIndex(parsed: ParsedMessage, offered: number): number | undefined {
  if (parsed.choice !== undefined && parsed.choice >= 1 && parsed.choice <= offered) return parsed.choice - 1;
  return undefined;
}

/**
 * The offered slot the customer means: by number, or by words that fit exactly one offer
 * ("the 10 o'clock one", "Tuesday at 10", "the Wednesday one").
 */
export function pickedSlot(parsed: ParsedMessage, offers: SlotOffer[], timezone: string): number | undefined {
  const byNumber = pickedIndex(parsed, offers.length);
  if (byNumber !== undefined && !parsed.time) return byNumber;
  if (!parsed.date && !parsed.time) return undefined;
  const fits = offers
    .map((offer, index) => ({ index, at: DateTime.fromISO(offer.start, { zone: timezone }) }))
    .filter(({ at }) => {
      const dateFits = !parsed.date || (at.year === parsed.date.year && at.month === parsed.date.month && at.day === parsed.date.day);
      const timeFits = !parsed.time || (at.hour === parsed.time.hour && at.minute === parsed.time.minute);
      return dateFits && timeFits;
    });
  return fits.length === 1 ? fits[0]!.index : undefined;
}

export function pickedBooking(parsed: ParsedMessage, bookings: BookingSummary[], timezone: string): number | undefined {
  const byNumber = pickedIndex(parsed, bookings.length);
  if (byNumber !== undefined) return byNumber;
  return pickedSlot(parsed, bookings.map((b) => ({ start: b.start, staffId: b.staffId })), timezone);
}

export function activePlanFor(catalog: Catalog, serviceId: string | null): ActivePlan | undefined {
  return catalog.plans.find((p) => p.serviceId === serviceId);
}

/** Sessions of a plan service still to book: the whole plan for a new customer. */
export function remainingSessions(catalog: Catalog, service: CatalogService): number {
  if (!service.plan) return 1;
  const plan = activePlanFor(catalog, service.id);
  return service.plan.totalSessions - (plan?.booked ?? 0);
}

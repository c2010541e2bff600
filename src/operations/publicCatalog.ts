/**
 * What the booking page shows of a business before anyone books: its details, its cancellation
 * policy and the services a customer can book (active ones only), in the order the chat lists them.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Business } from "../booking/business";
import { businessCountry } from "../booking/country";
import type { Service } from "../booking/schedulingData";
import type { Executor } from "../db/client";
import { services } from "../db/schema";

export interface PublicService {
  id: string;
  name: string;
  durationMinutes: number;
  priceCents: number;
  currency: string;
  /** Paid by Checkout when booking (payments on), else at the appointment. */
  requiresPayment: boolean;
  multiSession?: { strategy: "immediate" | "sequential" | "flexible"; totalSessions: number; gapDays?: number[]; minGapDays?: number; sessionLabels?: string[] };
  /** Sold as a pass of this many sessions, paid once. */
  packageSessions?: number;
}

export interface PublicCatalog {
  business: {
    name: string;
    timezone: string;
    currency: string;
    address: string | null;
    contactEmail: string | null;
    requireEmail: boolean;
    /** ISO 3166-1 alpha-2 (the default region of phone numbers), null when the business's zone names none. */
    country: string | null;
    cancellation: { freeUntilHours: number; lateFeePercent: number };
  };
  services: PublicService[];
}

export async function publicCatalog(ex: Executor, business: Business): Promise<PublicCatalog> {
  const rows = await ex
    .select()
    .from(services)
    .where(and(eq(services.businessId, business.id), eq(services.active, true)))
    .orderBy(asc(services.createdAt), asc(services.name));
  return {
    business: {
      name: business.name,
      timezone: business.timezone,
      currency: business.currency,
      address: business.address,
      contactEmail: business.contactEmail,
      requireEmail: business.requireEmail,
      country: businessCountry(business) ?? null,
      cancellation: { freeUntilHours: business.cancellationFreeUntilHours, lateFeePercent: business.cancellationLateFeePercent },
    },
    services: rows.map(publicService),
  };
}

/** An active service of the business, or undefined (unknown, another business's, or retired). */
export async function bookableService(ex: Executor, businessId: string, serviceId: string): Promise<Service | undefined> {
  const [row] = await ex
    .select()
    .from(services)
    .where(and(eq(services.id, serviceId), eq(services.businessId, businessId), eq(services.active, true)));
  return row;
}

function publicService(s: Service): PublicService {
  return {
    id: s.id,
    name: s.name,
    durationMinutes: s.durationMinutes,
    priceCents: s.priceCents,
    currency: s.currency,
    requiresPayment: s.requiresPayment,
    ...(s.totalSessions &&
      s.strategy && {
        multiSession: {
          strategy: s.strategy,
          totalSessions: s.totalSessions,
          ...(s.gapDays && { gapDays: s.gapDays }),
          ...(s.minGapDays !== null && { minGapDays: s.minGapDays }),
          ...(s.sessionLabels && { sessionLabels: s.sessionLabels }),
        },
      }),
    ...(s.packageSessions && { packageSessions: s.packageSessions }),
  };
}

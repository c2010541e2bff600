/** The business as one conversation turn needs it: services, staff names, the customer's open plans. */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Business } from "../booking/business";
import type { Executor } from "../db/client";
import { bookings, packages, services, sessionGroups, staff } from "../db/schema";
import type { ActivePlan, Catalog, CatalogService } from "./types";

export async function loadCatalog(ex: Executor, business: Business, customerId: string, now: Date, paymentsByLink: boolean): Promise<Catalog> {
  const [serviceRows, staffRows, planRows, passRows] = await Promise.all([
    ex
      .select()
      .from(services)
      .where(and(eq(services.businessId, business.id), eq(services.active, true)))
      .orderBy(asc(services.createdAt), asc(services.name)),
    ex.select({ id: staff.id, name: staff.name }).from(staff).where(eq(staff.businessId, business.id)),
    ex
      .select({ id: sessionGroups.id, serviceId: sessionGroups.serviceId, strategy: sessionGroups.strategy, totalSessions: sessionGroups.totalSessions })
      .from(sessionGroups)
      .where(and(eq(sessionGroups.customerId, customerId), eq(sessionGroups.status, "active"))),
    ex
      .select({ serviceId: packages.serviceId, total: packages.totalCredits, used: packages.usedCredits })
      .from(packages)
      .where(and(eq(packages.customerId, customerId), eq(packages.status, "active"))),
  ]);
  const packageCredits: Record<string, number> = {};
  for (const pass of passRows) packageCredits[pass.serviceId] = (packageCredits[pass.serviceId] ?? 0) + pass.total - pass.used;
  const sessions =
    planRows.length === 0
      ? []
      : await ex
          .select({ planId: bookings.sessionGroupId, status: bookings.status, startAt: bookings.startAt })
          .from(bookings)
          .where(inArray(bookings.sessionGroupId, planRows.map((p) => p.id)));
  const plans: ActivePlan[] = planRows.map((plan) => {
    const mine = sessions.filter((s) => s.planId === plan.id && s.status !== "cancelled" && s.status !== "expired");
    const upcoming = mine
      .filter((s) => s.status !== "completed" && s.status !== "no_show" && s.startAt > now)
      .sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
    return {
      ...plan,
      booked: mine.length,
      completed: mine.filter((s) => s.status === "completed" || s.status === "no_show").length,
      nextUpcoming: upcoming[0]?.startAt.toISOString() ?? null,
    };
  });
  return {
    businessName: business.name,
    timezone: business.timezone,
    now: now.toISOString(),
    requiresApproval: business.requiresApproval,
    paymentsByLink,
    services: serviceRows.map(toCatalogService),
    staffNames: Object.fromEntries(staffRows.map((s) => [s.id, s.name])),
    plans,
    packageCredits,
  };
}

function toCatalogService(row: typeof services.$inferSelect): CatalogService {
  return {
    id: row.id,
    name: row.name,
    aliases: row.aliases,
    durationMinutes: row.durationMinutes,
    priceCents: row.priceCents,
    currency: row.currency,
    requiresPayment: row.requiresPayment,
    plan: row.totalSessions && row.strategy ? { totalSessions: row.totalSessions, strategy: row.strategy, sessionLabels: row.sessionLabels } : null,
    packageSessions: row.packageSessions,
  };
}

export function serviceOf(catalog: Catalog, serviceId: string | null): CatalogService | undefined {
  return catalog.services.find((s) => s.id === serviceId);
}

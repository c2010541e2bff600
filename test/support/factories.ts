/** Small builders for test data, written through the same tables the product uses. */
import type { Executor } from "../../src/db/client";
import { createBusiness as insertBusiness } from "../../src/tenancy/businesses";
import { availabilityRules, businesses, serviceStaff, services, staff } from "../../src/db/schema";

type BusinessRow = typeof businesses.$inferInsert;
type ServiceRow = typeof services.$inferInsert;

export interface TestBusiness {
  businessId: string;
  staffIds: string[];
  serviceIds: Record<string, string>;
}

/**
 * A business in New York whose staff work Mon–Fri 09:00–17:00, with the given services
 * (each offered by every staff member unless it names its own).
 */
export async function createBusiness(
  ex: Executor,
  options: {
    business?: Partial<BusinessRow>;
    staffNames?: string[];
    rules?: { weekday: number; start: number; end: number }[];
    services: (Omit<ServiceRow, "businessId" | "currency"> & { currency?: string; staffIndexes?: number[] })[];
  },
): Promise<TestBusiness> {
  const business = await insertBusiness(ex, { name: "Test Studio", timezone: "America/New_York", currency: "USD", minNoticeMinutes: 0, ...options.business });
  const businessId = business.id;
  const staffRows = await ex
    .insert(staff)
    .values((options.staffNames ?? ["Alex"]).map((name) => ({ businessId, name })))
    .returning({ id: staff.id });
  const rules = options.rules ?? [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: 9 * 60, end: 17 * 60 }));
  await ex
    .insert(availabilityRules)
    .values(staffRows.flatMap((s) => rules.map((r) => ({ businessId, staffId: s.id, weekday: r.weekday, startMinute: r.start, endMinute: r.end }))));
  const serviceIds: Record<string, string> = {};
  for (const { staffIndexes, ...definition } of options.services) {
    const [row] = await ex
      .insert(services)
      .values({ currency: "USD", ...definition, businessId })
      .returning({ id: services.id });
    serviceIds[definition.name] = row!.id;
    const offeredBy = staffIndexes ? staffIndexes.map((i) => staffRows[i]!) : staffRows;
    await ex.insert(serviceStaff).values(offeredBy.map((s) => ({ serviceId: row!.id, staffId: s.id })));
  }
  return { businessId, staffIds: staffRows.map((s) => s.id), serviceIds };
}

/** The demo salon a newcomer chats with on first start: every kind of service the product handles. */
import { count } from "drizzle-orm";
import type { Executor } from "../db/client";
import { inviteUser } from "../accounts/users";
import { createBusiness } from "../tenancy/businesses";
import { availabilityRules, businesses, serviceStaff, services, staff } from "../db/schema";

export async function seedDemoIfEmpty(ex: Executor): Promise<string | undefined> {
  const [existing] = await ex.select({ n: count() }).from(businesses);
  if ((existing?.n ?? 0) > 0) return undefined;
  return createDemoBusiness(ex);
}

export async function createDemoBusiness(ex: Executor): Promise<string> {
  return ex.transaction(async (tx) => {
    const business = await createBusiness(tx, { name: "Slotline Demo Salon", timezone: "America/New_York", currency: "USD", minNoticeMinutes: 60, maxAdvanceDays: 120 });
    const businessId = business.id;
    const [alex, sam] = await tx
      .insert(staff)
      .values([
        { businessId, name: "Alex" },
        { businessId, name: "Sam" },
      ])
      .returning({ id: staff.id });
    const weekdays = (staffId: string, days: number[], start: number, end: number) =>
      days.map((weekday) => ({ businessId, staffId, weekday, startMinute: start, endMinute: end }));
    await tx.insert(availabilityRules).values([
      ...weekdays(alex!.id, [1, 2, 3, 4, 5], 9 * 60, 17 * 60),
      ...weekdays(sam!.id, [2, 3, 4, 5, 6], 10 * 60, 18 * 60),
    ]);
    const rows = await tx
      .insert(services)
      .values([
        { businessId, name: "Haircut", aliases: ["cut", "trim", "mens cut"], durationMinutes: 30, priceCents: 3500, currency: "USD" },
        { businessId, name: "Colour treatment", aliases: ["colour", "color", "color treatment", "dye"], durationMinutes: 90, priceCents: 12000, currency: "USD", requiresPayment: true },
        {
          businessId,
          name: "Hair implant",
          aliases: ["implant", "implants", "implant plan"],
          durationMinutes: 60,
          priceCents: 90000,
          currency: "USD",
          requiresPayment: true,
          totalSessions: 3,
          strategy: "immediate",
          gapDays: [14, 31],
          sessionLabels: ["Consultation and fitting", "Integration check", "Final fitting"],
        },
        { businessId, name: "Scalp physio", aliases: ["physio", "physiotherapy", "scalp therapy"], durationMinutes: 45, priceCents: 6000, currency: "USD", totalSessions: 8, strategy: "sequential", minGapDays: 7 },
        {
          businessId,
          name: "Styling pass",
          aliases: ["blow-dry", "blow dry", "blowdry", "pass", "blow-dry pass"],
          durationMinutes: 45,
          priceCents: 4000,
          currency: "USD",
          requiresPayment: true,
          packageSessions: 3,
        },
        { businessId, name: "Styling lessons", aliases: ["lesson", "lessons", "styling lesson", "styling class"], durationMinutes: 60, priceCents: 5000, currency: "USD", totalSessions: 10, strategy: "flexible", minGapDays: 1 },
      ])
      .returning({ id: services.id, name: services.name });
    await tx.insert(serviceStaff).values(rows.flatMap((s) => [alex!, sam!].map((p) => ({ serviceId: s.id, staffId: p.id }))));
    return businessId;
  });
}

export const DEMO_OWNER_EMAIL = "owner@demo.slotline.test";

/** The demo business's owner, invited: the token of their one-time set-password link (printed at first start). */
export async function inviteDemoOwner(ex: Executor, businessId: string, now: Date): Promise<string> {
  return ex.transaction(async (tx) => (await inviteUser(tx, { businessId, email: DEMO_OWNER_EMAIL, name: "Demo Owner", role: "owner", staffId: null }, now)).token);
}

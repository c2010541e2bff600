/** Packages: a service sold as N sessions paid once, each booking drawing one credit. */
import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { packages } from "../db/schema";

export type Package = typeof packages.$inferSelect;

/** The customer's oldest active package for the service that still has a credit. */
export async function packageWithCredit(ex: Executor, customerId: string, serviceId: string): Promise<Package | undefined> {
  const [row] = await ex
    .select()
    .from(packages)
    .where(and(eq(packages.customerId, customerId), eq(packages.serviceId, serviceId), eq(packages.status, "active"), lt(packages.usedCredits, packages.totalCredits)))
    .orderBy(asc(packages.createdAt))
    .limit(1)
    .for("update");
  return row;
}

/** Takes one credit atomically; undefined when none was left. */
export async function drawCredit(ex: Executor, packageId: string): Promise<Package | undefined> {
  const [row] = await ex
    .update(packages)
    .set({
      usedCredits: sql`${packages.usedCredits} + 1`,
      status: sql`case when ${packages.usedCredits} + 1 >= ${packages.totalCredits} then 'used_up' else ${packages.status} end`,
    })
    .where(and(eq(packages.id, packageId), lt(packages.usedCredits, packages.totalCredits)))
    .returning();
  return row;
}

/** A credit given back (a session cancelled in time). */
export async function returnCredit(ex: Executor, packageId: string): Promise<void> {
  await ex
    .update(packages)
    .set({
      usedCredits: sql`greatest(${packages.usedCredits} - 1, 0)`,
      status: sql`case when ${packages.status} = 'used_up' then 'active' else ${packages.status} end`,
    })
    .where(eq(packages.id, packageId));
}

export async function createPackage(
  ex: Executor,
  p: { businessId: string; customerId: string; serviceId: string; totalCredits: number; status: "pending_payment" | "active" },
): Promise<Package> {
  const [row] = await ex
    .insert(packages)
    .values({ ...p, usedCredits: 1 })
    .returning();
  return row!;
}

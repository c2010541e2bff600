import { asc } from "drizzle-orm";
import type { Executor } from "../db/client";
import { businesses } from "../db/schema";

export type BusinessRow = typeof businesses.$inferSelect;

/** One business per deployment for now: the first one created. */
export async function findBusiness(ex: Executor): Promise<BusinessRow | undefined> {
  const [row] = await ex.select().from(businesses).orderBy(asc(businesses.createdAt)).limit(1);
  return row;
}

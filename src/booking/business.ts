/**
 * Finding the business: by its id, or (while a deployment serves one business) the deployment's
 * business. The edges map its absence to their own answer (404 for the admin API, an empty TwiML
 * for a webhook).
 */
import { asc, eq } from "drizzle-orm";
import type { Executor } from "../db/client";
import { businesses } from "../db/schema";
import { NotFound } from "./errors";

export type Business = typeof businesses.$inferSelect;
/** The same row; the name the admin API's serializers use. */
export type BusinessRow = Business;

/** The business with this id; NotFound when there is none. */
export async function getBusiness(ex: Executor, businessId: string): Promise<Business> {
  const [row] = await ex.select().from(businesses).where(eq(businesses.id, businessId));
  if (!row) throw new NotFound("business", businessId);
  return row;
}

/** One business per deployment for now: the first one created, or undefined before any exists. */
export async function findBusiness(ex: Executor): Promise<Business | undefined> {
  const [row] = await ex.select().from(businesses).orderBy(asc(businesses.createdAt)).limit(1);
  return row;
}

import { type BusinessRow, findBusiness } from "../../booking/business";
import type { Executor } from "../../db/client";
import { problem } from "../problem";

export { findBusiness };

export async function currentBusiness(ex: Executor): Promise<BusinessRow> {
  const business = await findBusiness(ex);
  if (!business) throw problem(404, "No business yet: PATCH /admin/business with at least name and timezone");
  return business;
}

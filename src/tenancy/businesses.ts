/**
 * Businesses on a deployment: creating one (with a unique, URL-safe slug) and the channel
 * addresses each claims. A slug is what the business's web pages live under (/b/:slug).
 */
import { and, asc, eq, like, or } from "drizzle-orm";
import type { Business } from "../booking/business";
import { PG_UNIQUE_VIOLATION, pgErrorCode, type Executor } from "../db/client";
import { businesses } from "../db/schema";

type NewBusiness = Omit<typeof businesses.$inferInsert, "slug"> & { slug?: string };

/** A slug is lowercase letters and digits, in groups joined by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SLUG_MAX = 60;

/** "Bright Smile Dental" → "bright-smile-dental"; "Café Olé!" → "cafe-ole"; nothing usable → "business". */
export function slugFrom(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX)
    .replace(/-+$/, "");
  return slug || "business";
}

/** A business with the given slug already exists. */
export class SlugTaken extends Error {
  constructor(readonly slug: string) {
    super(`The slug "${slug}" is already used by another business`);
    this.name = "SlugTaken";
  }
}

/**
 * Inserts a business. With `slug`, that one (SlugTaken when used); without, one made from the name,
 * numbered ("-2", "-3"…) past those already used.
 */
export async function createBusiness(ex: Executor, values: NewBusiness): Promise<Business> {
  const slug = values.slug ?? (await freeSlug(ex, slugFrom(values.name)));
  try {
    const [row] = await ex.transaction((sp) => sp.insert(businesses).values({ ...values, slug }).returning());
    return row!;
  } catch (error) {
    if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) throw new SlugTaken(slug);
    throw error;
  }
}

async function freeSlug(ex: Executor, base: string): Promise<string> {
  const used = await ex
    .select({ slug: businesses.slug })
    .from(businesses)
    .where(or(eq(businesses.slug, base), like(businesses.slug, `${base}-%`)))
    .orderBy(asc(businesses.slug));
  const taken = new Set(used.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The business whose slug this is, if any. */
export async function businessBySlug(ex: Executor, slug: string): Promise<Business | undefined> {
  if (!SLUG_PATTERN.test(slug)) return undefined;
  const [row] = await ex.select().from(businesses).where(and(eq(businesses.slug, slug)));
  return row;
}

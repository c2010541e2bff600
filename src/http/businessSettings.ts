/**
 * A business's settings as the API takes them (PATCH /admin/business, POST /platform/businesses)
 * and shows them: validated with zod, written in one transaction with the channel addresses it
 * claims, a taken slug or address answered 409.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Business } from "../booking/business";
import { isCountryCode } from "../booking/country";
import { type Db, type Executor, PG_UNIQUE_VIOLATION, pgConstraint, pgErrorCode } from "../db/client";
import { businesses } from "../db/schema";
import { SLUG_PATTERN, SlugTaken, createBusiness } from "../tenancy/businesses";
import { ChannelTaken, type Channels, channelsOf, claimChannels } from "../tenancy/channels";
import { problem } from "./problem";
import { businessJson } from "./admin/serializers";

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "must be an IANA time zone such as America/New_York");
/** ISO 4217, upper-cased. */
export const currency = z.string().regex(/^[A-Za-z]{3}$/, "must be a 3-letter ISO 4217 code").transform((c) => c.toUpperCase());
const minutes = (max: number) => z.number().int().min(0).max(max);
/** E.164: "+" and 8 to 15 digits (ITU-T E.164). */
const e164 = z.string().regex(/^\+[1-9]\d{7,14}$/, "must be an E.164 number such as +15551234567");

/** Every setting is optional in a PATCH; creating a business needs name and timezone (checked by the caller). */
export const businessSettings = z
  .object({
    name: z.string().trim().min(1).max(200),
    slug: z.string().min(1).max(60).regex(SLUG_PATTERN, "must be lowercase letters, digits and single hyphens, e.g. bright-smile"),
    timezone: timeZone,
    currency,
    country: z
      .string()
      .transform((c) => c.toUpperCase())
      .refine(isCountryCode, "must be an ISO 3166-1 alpha-2 country code such as AU or US")
      .nullable(),
    address: z.string().trim().min(1).max(500).nullable(),
    contactEmail: z.string().trim().email("must be an email address").max(320).nullable(),
    requireEmail: z.boolean(),
    slotIntervalMinutes: z.number().int().min(1).max(1440),
    bufferMinutes: minutes(1440),
    minNoticeMinutes: minutes(60 * 24 * 60),
    maxAdvanceDays: z.number().int().min(1).max(730),
    holdMinutes: z.number().int().min(30, "must be at least 30 (Stripe Checkout's minimum)").max(1440),
    requiresApproval: z.boolean(),
    cancellation: z.object({ freeUntilHours: z.number().int().min(0).max(24 * 365), lateFeePercent: z.number().int().min(0).max(100) }).partial().strict(),
    reminderOffsetsMinutes: z.array(z.number().int().min(1).max(60 * 24 * 30)).max(10),
    faq: z
      .array(z.object({ question: z.string().trim().min(1).max(200), answer: z.string().trim().min(1).max(600) }).strict())
      .max(50, "must have at most 50 entries"),
    channels: z
      .object({
        twilioNumbers: z.array(e164).max(20),
        whatsappPhoneNumberId: z.string().regex(/^\d{5,30}$/, "must be the WhatsApp phone number id Meta shows (digits)").nullable(),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();
export type BusinessSettings = z.infer<typeof businessSettings>;

/** The columns a settings body changes. */
function columnsOf(body: BusinessSettings): Partial<typeof businesses.$inferInsert> {
  return {
    ...(body.name !== undefined && { name: body.name }),
    ...(body.slug !== undefined && { slug: body.slug }),
    ...(body.timezone !== undefined && { timezone: body.timezone }),
    ...(body.currency !== undefined && { currency: body.currency }),
    ...(body.country !== undefined && { country: body.country }),
    ...(body.address !== undefined && { address: body.address }),
    ...(body.contactEmail !== undefined && { contactEmail: body.contactEmail }),
    ...(body.requireEmail !== undefined && { requireEmail: body.requireEmail }),
    ...(body.slotIntervalMinutes !== undefined && { slotIntervalMinutes: body.slotIntervalMinutes }),
    ...(body.bufferMinutes !== undefined && { bufferMinutes: body.bufferMinutes }),
    ...(body.minNoticeMinutes !== undefined && { minNoticeMinutes: body.minNoticeMinutes }),
    ...(body.maxAdvanceDays !== undefined && { maxAdvanceDays: body.maxAdvanceDays }),
    ...(body.holdMinutes !== undefined && { holdMinutes: body.holdMinutes }),
    ...(body.requiresApproval !== undefined && { requiresApproval: body.requiresApproval }),
    ...(body.cancellation?.freeUntilHours !== undefined && { cancellationFreeUntilHours: body.cancellation.freeUntilHours }),
    ...(body.cancellation?.lateFeePercent !== undefined && { cancellationLateFeePercent: body.cancellation.lateFeePercent }),
    ...(body.reminderOffsetsMinutes !== undefined && { reminderOffsetsMinutes: [...new Set(body.reminderOffsetsMinutes)].sort((a, b) => b - a) }),
    ...(body.faq !== undefined && { faq: body.faq }),
  };
}

/**
 * Creates the business (`existing` undefined; the body must name it and its zone) or updates it,
 * with its channel claims, in one transaction. 400 when creating without name or timezone; 409
 * when the slug or an address is another business's. `extra` are columns only the platform sets.
 */
export async function saveBusiness(db: Db, existing: Business | undefined, body: BusinessSettings, now: Date, extra: Partial<typeof businesses.$inferInsert> = {}): Promise<Business> {
  if (!existing && (!body.name || !body.timezone)) {
    throw problem(400, "A new business needs at least name and timezone", {
      errors: [...(!body.name ? [{ field: "name", message: "is required to create the business" }] : []), ...(!body.timezone ? [{ field: "timezone", message: "is required to create the business" }] : [])],
    });
  }
  try {
    return await db.transaction(async (tx) => {
      const values = { ...columnsOf(body), ...extra };
      const business = existing
        ? (await tx.update(businesses).set({ ...values, updatedAt: now }).where(eq(businesses.id, existing.id)).returning())[0]!
        : await createBusiness(tx, { ...values, name: body.name!, timezone: body.timezone! });
      if (body.channels) await claimChannels(tx, business.id, body.channels);
      return business;
    });
  } catch (error) {
    if (error instanceof SlugTaken) throw slugTaken(error.slug);
    // An update (createBusiness names its own) breaking a unique column: the slug, or the Stripe account the platform sets.
    if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) {
      const constraint = pgConstraint(error);
      if (constraint === "businesses_slug_unique") throw slugTaken(body.slug ?? "");
      if (constraint === "businesses_stripe_account_unique") {
        throw problem(409, `The Stripe account ${String(extra.stripeAccountId)} is already another business's`, { errors: [{ field: "stripeAccountId", message: "is another business's" }] });
      }
    }
    if (error instanceof ChannelTaken) {
      const field = error.kind === "twilio_number" ? "channels.twilioNumbers" : "channels.whatsappPhoneNumberId";
      throw problem(409, error.message, { errors: [{ field, message: `${error.address} is claimed by another business` }] });
    }
    throw error;
  }
}

function slugTaken(slug: string) {
  return problem(409, new SlugTaken(slug).message, { errors: [{ field: "slug", message: "is used by another business" }] });
}

/** The business as the API shows it, with the channel addresses it claims. */
export async function businessView(ex: Executor, business: Business): Promise<ReturnType<typeof businessJson> & { channels: Channels }> {
  return { ...businessJson(business), channels: await channelsOf(ex, business.id) };
}

/**
 * Which business an inbound message, or a provider event, is for: the business that claims the
 * address it was sent to (a Twilio number, a WhatsApp phone number id). While a deployment holds
 * only one business, an address nobody claims is that business's (a single-business deployment
 * need not claim anything); with several, it belongs to none.
 */
import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { Business } from "../booking/business";
import { PG_UNIQUE_VIOLATION, pgErrorCode, type Executor } from "../db/client";
import { CHANNEL_CLAIM_KINDS, businesses, channelClaims } from "../db/schema";

export type ChannelKind = (typeof CHANNEL_CLAIM_KINDS)[number];

/** The addresses a business receives on, as the API shows them. */
export interface Channels {
  /** E.164; the first sends the business's SMS (and WhatsApp through Twilio). */
  twilioNumbers: string[];
  whatsappPhoneNumberId: string | null;
}

/** Another business already claims the address. */
export class ChannelTaken extends Error {
  constructor(
    readonly kind: ChannelKind,
    readonly address: string,
  ) {
    super(`${address} is already claimed by another business`);
    this.name = "ChannelTaken";
  }
}

export async function channelsOf(ex: Executor, businessId: string): Promise<Channels> {
  const rows = await ex.select().from(channelClaims).where(eq(channelClaims.businessId, businessId)).orderBy(asc(channelClaims.position));
  return {
    twilioNumbers: rows.filter((r) => r.kind === "twilio_number").map((r) => r.address),
    whatsappPhoneNumberId: rows.find((r) => r.kind === "whatsapp_phone_number_id")?.address ?? null,
  };
}

/**
 * Sets the business's addresses of the kinds given (the others stay as they are); ChannelTaken
 * when another business claims one of them. Inside a savepoint, so a refusal changes nothing.
 */
export async function claimChannels(ex: Executor, businessId: string, channels: Partial<Channels>): Promise<Channels> {
  const wanted: { kind: ChannelKind; addresses: string[] }[] = [];
  if (channels.twilioNumbers !== undefined) wanted.push({ kind: "twilio_number", addresses: [...new Set(channels.twilioNumbers)] });
  if (channels.whatsappPhoneNumberId !== undefined) wanted.push({ kind: "whatsapp_phone_number_id", addresses: channels.whatsappPhoneNumberId ? [channels.whatsappPhoneNumberId] : [] });
  for (const { kind, addresses } of wanted) {
    try {
      await ex.transaction(async (sp) => {
        await sp.delete(channelClaims).where(and(eq(channelClaims.businessId, businessId), eq(channelClaims.kind, kind)));
        if (addresses.length > 0) await sp.insert(channelClaims).values(addresses.map((address, position) => ({ kind, address, businessId, position })));
      });
    } catch (error) {
      if (pgErrorCode(error) !== PG_UNIQUE_VIOLATION) throw error;
      const [taken] = await ex.select().from(channelClaims).where(and(eq(channelClaims.kind, kind), inArray(channelClaims.address, addresses)));
      throw new ChannelTaken(kind, taken?.address ?? addresses[0]!);
    }
  }
  return channelsOf(ex, businessId);
}

/**
 * The business an address belongs to: the one claiming it; else, while only one business exists,
 * that one; else undefined (the caller answers the provider without acting, and logs it).
 */
export async function businessForAddress(ex: Executor, kind: ChannelKind, address: string): Promise<Business | undefined> {
  const [claimed] = await ex
    .select({ business: businesses })
    .from(channelClaims)
    .innerJoin(businesses, eq(businesses.id, channelClaims.businessId))
    .where(and(eq(channelClaims.kind, kind), eq(channelClaims.address, address)));
  if (claimed) return claimed.business;
  return onlyBusiness(ex);
}

/**
 * No business answers messages sent to this address: none is set up yet ("no-business"), or
 * several are and none claims it ("unclaimed-address"). The webhooks acknowledge the message all
 * the same (the provider would only retry), store nothing, and log this error's message.
 */
export class NoBusiness extends Error {
  constructor(
    readonly reason: "no-business" | "unclaimed-address",
    readonly kind: ChannelKind,
    readonly address: string,
  ) {
    super(reason === "no-business" ? NONE_YET : unclaimed(kind, address));
    this.name = "NoBusiness";
  }
}

const NONE_YET =
  "No business is set up yet, so the message was not answered: create one with PATCH /admin/business (ADMIN_TOKEN set), or start the server with SEED_DEMO=1 for the demo salon";

function unclaimed(kind: ChannelKind, address: string): string {
  const what = kind === "twilio_number" ? `the number ${address}` : `the WhatsApp phone number id ${address}`;
  const claim = kind === "twilio_number" ? `{"channels": {"twilioNumbers": ["${address}"]}}` : `{"channels": {"whatsappPhoneNumberId": "${address}"}}`;
  return `No business claims ${what}, so the message was not answered: the business it is for claims it with PATCH /admin/business ${claim}`;
}

/** The business that answers messages sent to the address (as businessForAddress); NoBusiness when none does. */
export async function businessReceiving(ex: Executor, kind: ChannelKind, address: string): Promise<Business> {
  const business = await businessForAddress(ex, kind, address);
  if (business) return business;
  throw new NoBusiness((await businessCount(ex)) === 0 ? "no-business" : "unclaimed-address", kind, address);
}

/** The deployment's business while there is exactly one, else undefined. */
export async function onlyBusiness(ex: Executor): Promise<Business | undefined> {
  const rows = await ex.select().from(businesses).limit(2);
  return rows.length === 1 ? rows[0] : undefined;
}

/**
 * The deployment's only business while it claims no address at all: it answers every number
 * nobody claims, so a second business would silently cut it off. Undefined otherwise.
 */
export async function soleBusinessClaimingNothing(ex: Executor): Promise<Business | undefined> {
  const only = await onlyBusiness(ex);
  if (!only) return undefined;
  const [claim] = await ex.select({ businessId: channelClaims.businessId }).from(channelClaims).where(eq(channelClaims.businessId, only.id)).limit(1);
  return claim ? undefined : only;
}

/** How many businesses the deployment holds. */
export async function businessCount(ex: Executor): Promise<number> {
  const [row] = await ex.select({ n: count() }).from(businesses);
  return row?.n ?? 0;
}

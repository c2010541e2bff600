/**
 * The platform API: the deployment's operator creates businesses, sets what only the platform
 * sets (the Stripe Connect account), issues and revokes each business's API keys, and reads the
 * deployment's stats. Each business then runs itself through /admin/* with its own key.
 */
import { type Request, Router } from "express";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Business } from "../../booking/business";
import type { Clock } from "../../clock";
import type { Db, Executor } from "../../db/client";
import { businesses } from "../../db/schema";
import { deploymentStats } from "../../operations/businessStats";
import { issueApiKey, revokeApiKey } from "../../tenancy/apiKeys";
import { soleBusinessClaimingNothing } from "../../tenancy/channels";
import { idParam, parseBody } from "../admin/validation";
import { businessSettings, businessView, saveBusiness } from "../businessSettings";
import { problem } from "../problem";

const createBody = businessSettings.required({ name: true, timezone: true });
const patchBody = businessSettings.extend({
  stripeAccountId: z
    .string()
    .regex(/^acct_[A-Za-z0-9]{1,255}$/, "must be a Stripe account id such as acct_1Nv0FGQ9RKHgCVdK")
    .nullable()
    .optional(),
});

/** A business as the platform sees it: its settings and channels, and the Stripe account its payments go to. */
async function platformView(ex: Executor, business: Business) {
  return { ...(await businessView(ex, business)), stripeAccountId: business.stripeAccountId };
}

export function businessRoutes(db: Db, clock: Clock): Router {
  const router = Router();

  /** The business with the id in the path; 404 when unknown or malformed. */
  async function businessAt(ex: Executor, req: Request): Promise<Business> {
    const id = idParam(req, "business");
    const [business] = await ex.select().from(businesses).where(eq(businesses.id, id));
    if (!business) throw problem(404, `No business with id ${id}`);
    return business;
  }

  /**
   * POST /platform/businesses `{name, timezone, slug?, …any business setting (channels too)}` →
   * 201 `{id, slug, apiKey, business}`: the new business and its first API key, shown only here.
   * 400 naming the bad or missing fields; 409 when the slug or a channel address is another
   * business's, or while the deployment's only business claims no number (it answers every
   * number nobody claims, so a second business would cut it off: it must claim its numbers first).
   */
  router.post("/businesses", async (req, res) => {
    const body = parseBody(createBody, req);
    const created = await db.transaction(async (tx) => {
      const sole = await soleBusinessClaimingNothing(tx);
      if (sole) {
        throw problem(
          409,
          `The business "${sole.name}" (slug ${sole.slug}, id ${sole.id}) claims no number: as the only business it answers every number nobody claims, and beside a second business it would answer none. ` +
            `Claim its numbers first: PATCH /admin/business {"channels":{"twilioNumbers":["+1…"]}} with its API key or ADMIN_TOKEN.`,
          { businessId: sole.id },
        );
      }
      const business = await saveBusiness(tx, undefined, body, clock.now());
      const key = await issueApiKey(tx, business.id, clock.now());
      return { business, apiKey: key.apiKey, view: await platformView(tx, business) };
    });
    res
      .status(201)
      .location(`/platform/businesses/${created.business.id}`)
      .json({ id: created.business.id, slug: created.business.slug, apiKey: created.apiKey, business: created.view });
  });

  /** GET /platform/businesses → `{items: [business…]}`, oldest first. */
  router.get("/businesses", async (_req, res) => {
    const rows = await db.select().from(businesses).orderBy(asc(businesses.createdAt), asc(businesses.id));
    const items = [];
    for (const business of rows) items.push(await platformView(db, business));
    res.json({ items });
  });

  /** GET /platform/businesses/:id → the business; 404 when unknown. */
  router.get("/businesses/:id", async (req, res) => {
    res.json(await platformView(db, await businessAt(db, req)));
  });

  /**
   * PATCH /platform/businesses/:id `{…any business setting, stripeAccountId?: "acct_…" | null}` →
   * the business. `stripeAccountId` (the Connect account its payments go to) is set only here.
   * 400 naming bad fields; 404 unknown business; 409 when the slug, an address or the Stripe
   * account is another business's.
   */
  router.patch("/businesses/:id", async (req, res) => {
    const business = await businessAt(db, req);
    const { stripeAccountId, ...settings } = parseBody(patchBody, req);
    const saved = await saveBusiness(db, business, settings, clock.now(), stripeAccountId === undefined ? {} : { stripeAccountId });
    res.json(await platformView(db, saved));
  });

  /** POST /platform/businesses/:id/api-keys → 201 `{id, apiKey}`, the key shown only here; 404 unknown business. */
  router.post("/businesses/:id/api-keys", async (req, res) => {
    const business = await businessAt(db, req);
    res.status(201).json(await issueApiKey(db, business.id, clock.now()));
  });

  /**
   * DELETE /platform/businesses/:id/api-keys/:keyId → 204; the key is refused (401) from then on.
   * 404 for an unknown business, or a key that is unknown, already revoked or another business's.
   */
  router.delete("/businesses/:id/api-keys/:keyId", async (req, res) => {
    const business = await businessAt(db, req);
    const keyId = idParam(req, "API key", "keyId");
    if (!(await revokeApiKey(db, business.id, keyId, clock.now()))) throw problem(404, `No API key with id ${keyId} for this business`);
    res.status(204).end();
  });

  /**
   * GET /platform/stats → every business's /admin/stats summed, plus `businesses` (how many):
   * rates recomputed from the summed counts, LLM latency percentiles over all businesses' calls.
   */
  router.get("/stats", async (_req, res) => {
    res.json(await deploymentStats(db));
  });

  return router;
}

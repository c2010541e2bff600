/**
 * API keys: each acts on one business through /admin/*. A key is "slk_" + its id (32 hex digits)
 * + "_" + a 256-bit random secret (base64url). Only the SHA-256 of the secret is stored, and the
 * key is shown once, when issued; presented keys are found by their id and compared in constant time.
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { newToken, tokenHash } from "../accounts/tokens";
import type { Executor } from "../db/client";
import { apiKeys } from "../db/schema";

const KEY_SHAPE = /^slk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

function uuidOf(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Issues a key for the business: `{id, apiKey}`, the key in full only here. */
export async function issueApiKey(ex: Executor, businessId: string, now: Date): Promise<{ id: string; apiKey: string }> {
  const id = randomUUID();
  const secret = newToken();
  await ex.insert(apiKeys).values({ id, businessId, secretHash: tokenHash(secret), createdAt: now });
  return { id, apiKey: `slk_${id.replace(/-/g, "")}_${secret}` };
}

/** The business a presented key acts on, or undefined for a malformed, unknown or revoked key. */
export async function businessOfApiKey(ex: Executor, presented: string, now: Date): Promise<{ businessId: string; keyId: string } | undefined> {
  const m = KEY_SHAPE.exec(presented);
  if (!m) return undefined;
  const id = uuidOf(m[1]!);
  const [row] = await ex.select().from(apiKeys).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
  const given = Buffer.from(tokenHash(m[2]!), "hex");
  // Compared even when no row was found, so a miss takes as long as a wrong secret.
  const stored = Buffer.from(row?.secretHash ?? tokenHash(""), "hex");
  if (!row || !timingSafeEqual(given, stored)) return undefined;
  await ex.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, id));
  return { businessId: row.businessId, keyId: row.id };
}

/** Revokes a key of the business; false when it has no such (live) key. */
export async function revokeApiKey(ex: Executor, businessId: string, keyId: string, now: Date): Promise<boolean> {
  const revoked = await ex
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.businessId, businessId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return revoked.length > 0;
}

/**
 * The session secret (SESSION_SECRET): signs customer links (and anything else that must survive a
 * restart). Unset, one is made at random the first time it is needed and kept in the database, so
 * every instance and every restart uses the same one.
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Executor } from "../db/client";
import { deploymentSecrets } from "../db/schema";

const NAME = "session_secret";

export async function loadSessionSecret(ex: Executor, configured: string | undefined, now: Date): Promise<string> {
  if (configured !== undefined) return configured;
  // Two instances starting at once: the first insert wins, both read the winner.
  await ex.insert(deploymentSecrets).values({ name: NAME, value: randomBytes(32).toString("base64url"), createdAt: now }).onConflictDoNothing();
  const [row] = await ex.select().from(deploymentSecrets).where(eq(deploymentSecrets.name, NAME));
  return row!.value;
}

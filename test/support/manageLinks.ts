/** The manage link a confirmation carries, as the test servers (PUBLIC_BASE_URL https://bot.example.test) send it. */
import { loadSessionSecret } from "../../src/accounts/deploymentSecret";
import { bookingIdOfManageToken } from "../../src/accounts/manageTokens";
import type { Database } from "../../src/db/client";

const LINK = /^Manage your booking: https:\/\/bot\.example\.test\/m\/([A-Za-z0-9_-]{44})$/;

/** A reply that is a manage link, whatever booking it names. */
export const MANAGE_LINK = expect.stringMatching(LINK);

/**
 * The booking a manage-link text names, read with the deployment's own session secret (the one the
 * server made and kept, SESSION_SECRET being unset in tests); undefined when the text is not a link
 * or its token does not verify.
 */
export async function bookingOfManageLink(database: Database, text: string | undefined): Promise<string | undefined> {
  const token = text?.match(LINK)?.[1];
  if (!token) return undefined;
  const secret = await loadSessionSecret(database.db, undefined, new Date());
  return bookingIdOfManageToken(secret, token);
}

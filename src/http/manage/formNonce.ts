/**
 * The hidden `nonce` of the manage page's forms.
 *
 * Why this and not a CSRF cookie: the page is cookie-less, and the token in its path is the only
 * credential. Classic CSRF rides on credentials a browser attaches by itself (cookies); here a
 * forged cross-site POST must already name the token, and whoever knows the token may act anyway.
 * So the nonce is not a second secret; it binds a POST to the form the customer was shown:
 *   - HMAC-SHA256 with the session secret over the token, the action, the session and the state the
 *     form showed (its status and start; for a cancellation also the fee and refund quoted), so a
 *     POST made up without loading our page, or sent from a page gone stale (the booking moved by
 *     staff, a late fee begun meanwhile), is refused and the page is shown again with today's terms:
 *     the customer confirms exactly the terms they read;
 *   - it cannot be reused for another action or another session of the plan.
 * Browsers add `Sec-Fetch-Site`; a POST it marks cross-site is refused as well (the routes check
 * it). An Origin check would not do: under `Referrer-Policy: no-referrer` browsers send
 * `Origin: null` with a form POST, ours included.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Booking } from "../../booking/bookingService";
import type { CancellationQuote } from "../../operations/cancelBooking";

function sign(secret: string, token: string, purpose: string): Buffer {
  return createHmac("sha256", secret).update("slotline-manage-form:").update(token).update("\n").update(purpose).digest().subarray(0, 16);
}

/** What a cancel form agreed to: this session, as it was, on these terms. */
export function cancelPurpose(session: Pick<Booking, "id" | "status" | "startAt">, quote: CancellationQuote): string {
  return ["cancel", session.id, session.status, session.startAt.toISOString(), quote.feeCents, quote.refundCents, quote.packageCredit ?? ""].join("|");
}

/** What a move form was shown: this session, as it was. */
export function reschedulePurpose(session: Pick<Booking, "id" | "status" | "startAt">): string {
  return ["reschedule", session.id, session.status, session.startAt.toISOString()].join("|");
}

export function formNonce(secret: string, token: string, purpose: string): string {
  return sign(secret, token, purpose).toString("base64url");
}

export function nonceMatches(secret: string, token: string, purpose: string, given: string): boolean {
  const expected = sign(secret, token, purpose);
  const actual = Buffer.from(given, "base64url");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

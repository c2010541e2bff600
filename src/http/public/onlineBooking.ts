/**
 * A booking from the booking page, end to end: one transaction around the use case (bookOnline),
 * the confirmation text delivered once it commits, and the manage link signed with the session
 * secret. The public API calls it, and so can the HTML booking page.
 */
import { manageToken } from "../../accounts/manageTokens";
import { customerVia } from "../../booking/actor";
import type { BookingService } from "../../booking/bookingService";
import type { Business } from "../../booking/business";
import { type Outbox, inTransactionTelling } from "../../channels/tellAfterCommit";
import type { Clock } from "../../clock";
import type { Database } from "../../db/client";
import { type OnlineBookingOutcome, type OnlineBookingRequest, bookOnline } from "../../operations/bookOnline";
import { en } from "../../copy";
import type { Logger } from "../../logger";
import { CheckoutUnavailable } from "../../payments/paymentCalls";
import type { PaymentService } from "../../payments/paymentService";

export interface OnlineBookingDeps {
  database: Database;
  bookingService: BookingService;
  payments: PaymentService;
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
  publicBaseUrl: string;
  sessionSecret(): Promise<string>;
}

/** The link a customer manages a booking at (for a plan: its first session's). */
export function manageUrlOf(publicBaseUrl: string, secret: string, bookingId: string): string {
  return `${publicBaseUrl}/m/${manageToken(secret, bookingId)}`;
}

/**
 * Books, then — once the booking committed and its payment page was opened — answers with the
 * Checkout URL. When the page cannot be opened now, the hold stays and the answer has no
 * `checkoutUrl`: the customer is texted the link as soon as the provider answers (the outbox
 * retries; the jobs open the page).
 */
export async function bookOnlineAndConfirm(deps: OnlineBookingDeps, business: Business, request: OnlineBookingRequest): Promise<OnlineBookingOutcome> {
  const secret = await deps.sessionSecret();
  const { bookingService, payments, clock, logger } = deps;
  const outcome = await inTransactionTelling(
    deps.database,
    deps.outbox,
    (tx, tell) => bookOnline({ tx, bookingService, payments, clock, actor: customerVia("web"), business }, request, { tell, manageUrl: (id) => manageUrlOf(deps.publicBaseUrl, secret, id) }),
    (error) => logger.error({ err: error }, "an online booking's follow-up failed; the jobs retry it"),
  );
  if (outcome.kind !== "booked" || outcome.checkoutUrl === undefined) return outcome;
  try {
    return { ...outcome, checkoutUrl: await payments.calls.fillCheckoutLinks(outcome.checkoutUrl) };
  } catch (error) {
    if (!(error instanceof CheckoutUnavailable)) throw error;
    const { checkoutUrl, ...rest } = outcome;
    await inTransactionTelling(deps.database, deps.outbox, (tx, tell) => tell({ businessId: business.id, customerId: outcome.customerId }, en.paymentLinkLater(checkoutUrl), "sms"), (e) =>
      logger.error({ err: e }, "could not queue a payment link"),
    );
    return rest;
  }
}

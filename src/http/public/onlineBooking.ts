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
import type { PaymentService } from "../../payments/paymentService";

export interface OnlineBookingDeps {
  database: Database;
  bookingService: BookingService;
  payments: PaymentService;
  outbox: Outbox;
  clock: Clock;
  publicBaseUrl: string;
  sessionSecret(): Promise<string>;
}

/** The link a customer manages a booking at (for a plan: its first session's). */
export function manageUrlOf(publicBaseUrl: string, secret: string, bookingId: string): string {
  return `${publicBaseUrl}/m/${manageToken(secret, bookingId)}`;
}

export async function bookOnlineAndConfirm(deps: OnlineBookingDeps, business: Business, request: OnlineBookingRequest): Promise<OnlineBookingOutcome> {
  const secret = await deps.sessionSecret();
  const { bookingService, payments, clock } = deps;
  return inTransactionTelling(deps.database, deps.outbox, (tx, tell) =>
    bookOnline({ tx, bookingService, payments, clock, actor: customerVia("web"), business }, request, { tell, manageUrl: (id) => manageUrlOf(deps.publicBaseUrl, secret, id) }),
  );
}

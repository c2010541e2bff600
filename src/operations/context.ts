/**
 * What every operation works with. Each operation runs inside the caller's transaction (a chat
 * turn, an admin request, a jobs tick), so all it does commits or rolls back with the rest.
 */
import type { Actor } from "../booking/actor";
import type { BookingService } from "../booking/bookingService";
import type { Business } from "../booking/business";
import type { Clock } from "../clock";
import type { Tx } from "../db/client";
import type { PaymentService } from "../payments/paymentService";

export interface OperationContext {
  tx: Tx;
  bookingService: BookingService;
  payments: PaymentService;
  clock: Clock;
  /** Who the operation acts for: the booking's history names them. */
  actor: Actor;
}

/** An operation on behalf of one business (finding times, booking). */
export interface BusinessContext extends OperationContext {
  business: Business;
}

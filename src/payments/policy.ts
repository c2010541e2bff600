/** The business's cancellation policy as a pure function: what is kept, what goes back. */
import { MINUTE_MS } from "../booking/time";

export interface CancellationPolicy {
  freeUntilHours: number;
  lateFeePercent: number;
}

export interface CancellationTerms {
  late: boolean;
  feeCents: number;
  refundCents: number;
}

/**
 * Free until `freeUntilHours` before the start; later, `lateFeePercent` of what was paid is kept
 * (rounded to the cent, in the business's favour never by more than half a cent) and the rest
 * refunded. Staff may waive the fee.
 */
export function cancellationTerms(paidCents: number, start: Date, now: Date, policy: CancellationPolicy, waiveFee = false): CancellationTerms {
  const late = now.getTime() > start.getTime() - policy.freeUntilHours * 60 * MINUTE_MS;
  const feeCents = late && !waiveFee ? Math.round((paidCents * policy.lateFeePercent) / 100) : 0;
  return { late, feeCents, refundCents: paidCents - feeCents };
}

/** One payment's share for each of the bookings it paid for; the first absorbs the rounding. */
export function shareOf(amountCents: number, count: number, index: number): number {
  const base = Math.floor(amountCents / count);
  return index === 0 ? amountCents - base * (count - 1) : base;
}

/** The business's cancellation policy as a pure function: what is kept, what goes back. */
import { MINUTE_MS } from "../booking/time";

export interface CancellationPolicy {
  freeUntilHours: number;
  lateFeePercent: number;
}

export interface CancellationTerms {
  late: boolean;
  /** The last instant a cancellation is free (the start less freeUntilHours). */
  freeUntil: Date;
  feeCents: number;
  refundCents: number;
}

/**
 * Free until `freeUntilHours` before the start; later, `lateFeePercent` of what was paid is kept
 * (rounded to the cent, in the business's favour never by more than half a cent) and the rest
 * refunded. Staff may waive the fee.
 */
export function cancellationTerms(paidCents: number, start: Date, now: Date, policy: CancellationPolicy, waiveFee = false): CancellationTerms {
  const freeUntil = new Date(start.getTime() - policy.freeUntilHours * 60 * MINUTE_MS);
  const late = now.getTime() > freeUntil.getTime();
  const feeCents = late && !waiveFee ? Math.round((paidCents * policy.lateFeePercent) / 100) : 0;
  return { late, freeUntil, feeCents, refundCents: paidCents - feeCents };
}

/** One payment's share for each of the bookings it paid for; the first absorbs the rounding. */
export function shareOf(amountCents: number, count: number, index: number): number {
  const base = Math.floor(amountCents / count);
  return index === 0 ? amountCents - base * (count - 1) : base;
}

/**
 * What cancelling a session drawn from a pass does to its credit: back on the pass when cancelled
 * in time (or with the fee waived), used up when late. A pass not yet paid for has no credit to speak of.
 */
export function packageCreditOnCancel(booking: { packageId: string | null; paymentStatus: string }, late: boolean, waiveFee = false): "returned" | "used" | undefined {
  if (!booking.packageId || booking.paymentStatus === "pending") return undefined;
  return !late || waiveFee ? "returned" : "used";
}

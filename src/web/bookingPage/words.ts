/**
 * The booking page's own words: each service's line, a plan explained in one sentence, the
 * cancellation policy. Times come from src/web/shared/timeWords.ts; the texts customers receive
 * stay in src/copy.
 */
import { formatDuration, formatPrice } from "../../copy/format";

export interface ServiceFacts {
  name: string;
  durationMinutes: number;
  priceCents: number;
  currency: string;
  requiresPayment: boolean;
  multiSession?: { strategy: "immediate" | "sequential" | "flexible"; totalSessions: number; minGapDays?: number; sessionLabels?: string[] };
  packageSessions?: number;
}

/** "30 minutes · $35.00", "60 minutes · $900.00 a session · paid when booking". */
export function serviceLine(s: ServiceFacts, paymentsByLink: boolean): string {
  const perSession = s.multiSession && s.multiSession.totalSessions > 1 ? " a session" : "";
  const price = s.priceCents === 0 ? "Free" : `${formatPrice(s.priceCents, s.currency)}${perSession}`;
  const paid = s.priceCents > 0 && s.requiresPayment && paymentsByLink ? " · paid when booking" : "";
  return `${formatDuration(s.durationMinutes)} · ${price}${paid}`;
}

/** A plan or a pass in one sentence; null for a single appointment. */
export function planSentence(s: ServiceFacts): string | null {
  if (s.packageSessions) {
    return `A pass of ${s.packageSessions} sessions for ${formatPrice(s.priceCents * s.packageSessions, s.currency)}, paid once: book the first session now and the others whenever you like.`;
  }
  const plan = s.multiSession;
  if (!plan || plan.totalSessions <= 1) return null;
  const apart = plan.minGapDays ? `, at least ${plan.minGapDays === 1 ? "1 day" : `${plan.minGapDays} days`} apart` : "";
  switch (plan.strategy) {
    case "immediate":
      return `A plan of ${plan.totalSessions} sessions booked together: pick the first time and the whole schedule is shown and booked at once (only starts whose every session is free are offered).`;
    case "sequential":
      return `A plan of ${plan.totalSessions} sessions${apart}: book the first one now; after each session we text you to book the next.`;
    case "flexible":
      return `A plan of ${plan.totalSessions} sessions${apart}, booked whenever you like: here you book one session at a time (come back to this page, or text us, for the next).`;
  }
}

/** The cancellation policy, stated before the booking button. */
export function policySentence(c: { freeUntilHours: number; lateFeePercent: number }): string {
  if (c.lateFeePercent <= 0) return "Cancellation policy: you can cancel free of charge, from the link in your confirmation.";
  const hours = c.freeUntilHours === 1 ? "1 hour" : `${c.freeUntilHours} hours`;
  return `Cancellation policy: cancelling is free until ${hours} before the start; after that, ${c.lateFeePercent}% of what you paid is kept.`;
}

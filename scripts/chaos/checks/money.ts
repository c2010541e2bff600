/**
 * Promise 2: no money is lost. Every payment the fake Stripe took (a completed, paid Checkout
 * session) is matched to a confirmed booking or refunded in full; nothing is refunded twice (two
 * refunds with one metadata.refundId, or more refunded on a payment intent than was paid); and
 * what Stripe refunded on each payment intent is what the database's payments.refunded_cents says.
 */
import type postgres from "postgres";
import type { FakeStripeApi } from "../../../test/fakes/stripeApi";
import { type Findings, findings, groupBy } from "./findings";

interface PaymentRow {
  id: string;
  checkout_session_id: string | null;
  payment_intent_id: string | null;
  status: string;
  refunded_cents: number;
  booking_statuses: string[] | null;
}

export async function checkMoney(sql: postgres.Sql, stripe: FakeStripeApi): Promise<Findings> {
  const rows = await sql<PaymentRow[]>`
    select p.id, p.checkout_session_id, p.payment_intent_id, p.status, p.refunded_cents,
           (select array_agg(b.status order by b.start_at) from bookings b where b.payment_id = p.id) as booking_statuses
    from payments p`;
  const bySession = new Map(rows.filter((r) => r.checkout_session_id).map((r) => [r.checkout_session_id!, r]));
  const refundedByIntent = refundTotals(stripe);
  const result = findings([...unmatchedPayments(stripe, bySession, refundedByIntent), ...doubleRefunds(stripe, refundedByIntent)]);
  for (const [intentId, refunded] of refundedByIntent) {
    const row = rows.find((r) => r.payment_intent_id === intentId) ?? rowOfIntent(stripe, intentId, bySession);
    const recorded = row?.refunded_cents ?? 0;
    if (recorded !== refunded) {
      result.violations.push(`refund: Stripe refunded ${refunded} on ${intentId}, the database records ${recorded}${row ? ` (payment ${row.id}, ${row.status}, bookings ${row.booking_statuses?.join("/") ?? "none"})` : " (no payment row holds it)"}`);
    }
  }
  const sessions = [...stripe.sessions.values()];
  result.notes.push(
    `stripe: ${sessions.length} checkout sessions (${sessions.filter((s) => s.payment_status === "paid").length} paid, ${sessions.filter((s) => !bySession.has(s.id)).length} unknown to the database), ` +
      `${stripe.refunds.size} refunds, chaos ${JSON.stringify(stripe.chaosCounts)}`,
  );
  return result;
}

/** Cents refunded per payment intent, by the fake's own ledger of refunds. */
function refundTotals(stripe: FakeStripeApi): Map<string, number> {
  const totals = new Map<string, number>();
  for (const refund of stripe.refunds.values()) totals.set(refund.payment_intent, (totals.get(refund.payment_intent) ?? 0) + refund.amount);
  return totals;
}

function unmatchedPayments(stripe: FakeStripeApi, bySession: Map<string, PaymentRow>, refunded: Map<string, number>): string[] {
  const problems: string[] = [];
  for (const session of stripe.sessions.values()) {
    if (session.payment_status !== "paid" || !session.payment_intent) continue;
    const row = bySession.get(session.id);
    const confirmed = row?.booking_statuses?.some((s) => s === "confirmed" || s === "completed") ?? false;
    const back = refunded.get(session.payment_intent) ?? 0;
    if (confirmed || back >= session.amount_total) continue;
    const where = row ? `its payment ${row.id} is ${row.status} with bookings ${row.booking_statuses?.join("/") ?? "none"}` : "the database has no payment for its session";
    problems.push(`money: ${session.id} was paid ${session.amount_total} (${session.payment_intent}) but ${where}, and ${back} was refunded`);
  }
  return problems;
}

function doubleRefunds(stripe: FakeStripeApi, refunded: Map<string, number>): string[] {
  const problems: string[] = [];
  const byRefundId = groupBy([...stripe.refunds.values()].filter((r) => r.metadata.refundId), (r) => r.metadata.refundId!);
  for (const [refundId, made] of byRefundId) {
    if (made.length > 1) problems.push(`refund twice: refundId ${refundId} was refunded ${made.length} times (${made.map((r) => `${r.id} ${r.amount}`).join(", ")})`);
  }
  for (const [intentId, cents] of refunded) {
    const paid = stripe.paymentIntents.get(intentId)?.amount ?? 0;
    if (cents > paid) problems.push(`refund twice: ${intentId} was refunded ${cents} of ${paid} paid`);
  }
  return problems;
}

/** The payment row of an intent the database never stored (its paid event not applied): found by its session. */
function rowOfIntent(stripe: FakeStripeApi, intentId: string, bySession: Map<string, PaymentRow>): PaymentRow | undefined {
  const session = [...stripe.sessions.values()].find((s) => s.payment_intent === intentId);
  return session ? bySession.get(session.id) : undefined;
}

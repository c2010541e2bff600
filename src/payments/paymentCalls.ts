/**
 * The payments' calls to the provider, made after the transaction that decided them committed:
 * opening a Checkout session, closing one nobody may pay any more, sending a refund. Each has a
 * row written by that transaction (the payment, its close request, the refund) from which the
 * request and its idempotency key are derived, so whoever runs it — right after the commit, or
 * the jobs' tick after a crash — sends the very same request, and a crash in between only delays
 * it. No call here runs inside a transaction.
 */
import { and, asc, eq, isNotNull, isNull, lt, lte, sql } from "drizzle-orm";
import type { Clock } from "../clock";
import type { Database } from "../db/client";
import { bookings, packages, payments, refunds } from "../db/schema";
import type { Logger } from "../logger";
import { type CheckoutRequest, type OnAccount, type PaymentGateway, PaymentProviderError, checkoutExpiresAt } from "./gateway";

export type Payment = typeof payments.$inferSelect;
type Refund = typeof refunds.$inferSelect;

/** Where the payment page sends the customer back to, on this server (PUBLIC_BASE_URL). */
export const RETURN_PATHS = { paid: "/paid", cancelled: "/payment-cancelled" } as const;

/**
 * A request fixed longer ago than this is fixed afresh before it is sent: Stripe measures a
 * Checkout's 30-minute minimum from when it creates the session, and the expiry we fixed keeps
 * only CHECKOUT_EXPIRY_MARGIN_MS (a minute) of room, part of it for the request's own flight.
 */
const CHECKOUT_REQUEST_FRESH_MS = 30_000;
/** Longer than any Checkout request can be in flight (two tries of 10 s each). */
const CHECKOUT_FLIGHT_MS = 60_000;
/** The jobs leave a just-decided call to the request that decided it, which makes it at once. */
const JOBS_GRACE_MS = 10_000;
/** Refund tries before one is given up as failed, with its reason kept. */
const REFUND_MAX_ATTEMPTS = 8;
/** How long a runner holds a refund it is sending before another may take it over (its process died). */
const REFUND_LEASE_MS = 2 * 60_000;
/**
 * Stripe keeps an idempotency key at least 24 hours (https://docs.stripe.com/api/idempotent_requests);
 * a retry later than this looks its refund up first instead of trusting the key.
 */
const IDEMPOTENCY_KEY_KEPT_MS = 23 * 60 * 60_000;

/**
 * Stands in a message for a payment's Checkout link until the session exists; `fillCheckoutLinks`
 * puts the link in when the message leaves (the contract's raw Checkout URL on its own line).
 */
export function checkoutLinkPlaceholder(paymentId: string): string {
  return `{{checkout:${paymentId}}}`;
}
const PLACEHOLDER = /\{\{checkout:([0-9a-f-]{36})\}\}/g;

/** The payment link placeholders in a text, in order. */
export function checkoutLinksIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[0]);
}

/** Whether a message still waits for a payment link. */
export function hasCheckoutLink(text: string): boolean {
  return text.includes("{{checkout:");
}

/** The Checkout session could not be opened (yet): the provider failed, or the payment wants none any more. */
export class CheckoutUnavailable extends Error {
  constructor(
    readonly paymentId: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(`the payment page of payment ${paymentId} could not be opened`, options);
    this.name = "CheckoutUnavailable";
  }
}

export class PaymentCalls {
  constructor(private readonly deps: { gateway: PaymentGateway | undefined; database: Database; clock: Clock; logger: Logger; publicBaseUrl: string }) {}

  /**
   * The text with each payment link placeholder replaced by the payment's Checkout URL, the
   * session opened now if it was not yet. Throws CheckoutUnavailable when one cannot be opened.
   */
  async fillCheckoutLinks(text: string): Promise<string> {
    const ids = [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
    let filled = text;
    for (const id of ids) {
      const url = await this.openCheckout(id);
      if (url === undefined) throw new CheckoutUnavailable(id, false);
      filled = filled.split(checkoutLinkPlaceholder(id)).join(url);
    }
    return filled;
  }

  /**
   * Opens the payment's Checkout session unless it is open already; returns its URL, or undefined
   * when the payment wants no page any more (paid, lapsed, its bookings cancelled). Throws
   * CheckoutUnavailable when the provider fails; the row keeps the attempt and its reason.
   */
  async openCheckout(paymentId: string): Promise<string | undefined> {
    let payment = await this.paymentRow(paymentId);
    if (!payment) return undefined;
    if (payment.url) return payment.url;
    if (payment.status !== "pending" || payment.closeRequestedAt || !payment.checkoutRequestedAt) return undefined;
    if (this.deps.clock.now().getTime() - payment.checkoutRequestedAt.getTime() > CHECKOUT_REQUEST_FRESH_MS) {
      payment = await this.refixCheckout(payment.id);
      if (!payment?.checkoutRequestedAt) return payment?.url ?? undefined;
    }
    const paidFor = await this.deps.database.db.select({ id: bookings.id }).from(bookings).where(eq(bookings.paymentId, payment.id)).orderBy(bookings.startAt, bookings.id);
    let checkout;
    try {
      checkout = await this.gateway().createCheckout(checkoutRequestFor(payment, paidFor.map((b) => b.id), this.deps.publicBaseUrl));
    } catch (error) {
      if (!(error instanceof PaymentProviderError)) throw error;
      await this.deps.database.db
        .update(payments)
        .set({ checkoutAttempts: sql`${payments.checkoutAttempts} + 1`, checkoutError: error.message.slice(0, 500) })
        .where(eq(payments.id, payment.id));
      this.deps.logger.warn({ err: error, paymentId }, "could not open the payment page; the jobs try again");
      throw new CheckoutUnavailable(paymentId, error.retryable, { cause: error });
    }
    const [stored] = await this.deps.database.db
      .update(payments)
      .set({ checkoutSessionId: checkout.sessionId, url: checkout.url, checkoutRequestedAt: null, checkoutError: null, updatedAt: this.deps.clock.now() })
      .where(and(eq(payments.id, payment.id), isNull(payments.checkoutSessionId)))
      .returning();
    // Cancelled while the session was being opened: the page is closed straight away.
    if (stored?.closeRequestedAt) await this.closeCheckout(payment.id);
    return stored ? checkout.url : (await this.paymentRow(paymentId))?.url ?? undefined;
  }

  /**
   * A request fixed too long ago to be sent as it was: fixed again from now, and the holds follow
   * the new expiry (never shorter than they were), in one short transaction.
   */
  private async refixCheckout(paymentId: string): Promise<Payment | undefined> {
    return this.deps.database.db.transaction(async (tx) => {
      const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
      if (!payment?.checkoutRequestedAt || payment.checkoutSessionId || payment.status !== "pending") return payment;
      const now = this.deps.clock.now();
      const expiresAt = wholeSeconds(checkoutExpiresAt(now, payment.checkoutExpiresAt ?? now));
      const [fixed] = await tx.update(payments).set({ checkoutRequestedAt: now, checkoutExpiresAt: expiresAt }).where(eq(payments.id, paymentId)).returning();
      await tx
        .update(bookings)
        .set({ holdExpiresAt: sql`greatest(${bookings.holdExpiresAt}, ${expiresAt.toISOString()}::timestamptz)` })
        .where(and(eq(bookings.paymentId, paymentId), eq(bookings.status, "pending_payment")));
      return fixed;
    });
  }

  /**
   * Closes the payment page of a payment whose bookings are gone, so the customer cannot pay for
   * nothing. "not_open": it completed meanwhile (the completed event refunds it) or lapsed.
   * A provider failure is left for the jobs.
   */
  async closeCheckout(paymentId: string): Promise<void> {
    const payment = await this.paymentRow(paymentId);
    if (!payment?.closeRequestedAt || payment.status !== "pending" || !payment.checkoutSessionId) return;
    let outcome: "expired" | "not_open";
    try {
      outcome = await this.gateway().expireCheckout(payment.checkoutSessionId, onAccountOf(payment));
    } catch (error) {
      if (!(error instanceof PaymentProviderError)) throw error;
      this.deps.logger.warn({ err: error, paymentId }, "could not close the payment page of a cancelled booking; the jobs try again");
      return;
    }
    await this.deps.database.db.transaction(async (tx) => {
      if (outcome === "not_open") {
        await tx.update(payments).set({ closeRequestedAt: null }).where(eq(payments.id, paymentId));
        return;
      }
      await tx.update(payments).set({ status: "expired", closeRequestedAt: null, updatedAt: this.deps.clock.now() }).where(and(eq(payments.id, paymentId), eq(payments.status, "pending")));
      if (payment.packageId) await tx.update(packages).set({ status: "cancelled" }).where(and(eq(packages.id, payment.packageId), eq(packages.status, "pending_payment")));
    });
  }

  /**
   * Sends one pending refund: claimed under a lease (another runner skips it), then refunded under
   * the key `refund:<id>` with the row's fixed amount and `metadata.refundId`. A retry after the
   * provider may have forgotten the key first looks the refund up by that metadata, so each refund
   * happens once. Retryable failures wait (1, 2, 4… minutes) up to REFUND_MAX_ATTEMPTS; then, or
   * on a refusal, the refund is failed with the reason kept.
   */
  async sendRefund(refundId: string): Promise<void> {
    const refund = await this.claimRefund(refundId);
    if (!refund) return;
    const [payment] = await this.deps.database.db.select().from(payments).where(eq(payments.id, refund.paymentId));
    if (!payment?.paymentIntentId) {
      await this.finishRefund(refund, { status: "failed", lastError: "the payment has no payment intent to refund" });
      return;
    }
    const on = onAccountOf(payment);
    try {
      const keyForgotten = refund.firstAttemptAt !== null && this.deps.clock.now().getTime() - refund.firstAttemptAt.getTime() > IDEMPOTENCY_KEY_KEPT_MS;
      const earlier = keyForgotten ? await this.gateway().findRefund(payment.paymentIntentId, refund.id, on) : undefined;
      const done =
        earlier ??
        (await this.gateway().refund({
          paymentIntentId: payment.paymentIntentId,
          amountCents: refund.amountCents,
          idempotencyKey: `refund:${refund.id}`,
          metadata: { refundId: refund.id, paymentId: payment.id },
          reason: "requested_by_customer",
          ...on,
        }));
      await this.finishRefund(refund, { status: "succeeded", providerRefundId: done.refundId });
    } catch (error) {
      if (!(error instanceof PaymentProviderError)) throw error;
      const retry = error.retryable && refund.attempts < REFUND_MAX_ATTEMPTS;
      this.deps.logger.warn({ err: error, refundId, attempts: refund.attempts, retry }, "refund failed");
      await this.finishRefund(
        refund,
        retry
          ? { status: "pending", lastError: error.message.slice(0, 500), nextAttemptAt: new Date(this.deps.clock.now().getTime() + 2 ** (refund.attempts - 1) * 60_000) }
          : { status: "failed", lastError: error.message.slice(0, 500) },
      );
    }
  }

  /** Takes a due refund for this runner: counts the attempt and leases it. */
  private async claimRefund(refundId: string): Promise<Refund | undefined> {
    const now = this.deps.clock.now();
    return this.deps.database.db.transaction(async (tx) => {
      const [due] = await tx
        .select({ id: refunds.id })
        .from(refunds)
        .where(and(eq(refunds.id, refundId), eq(refunds.status, "pending"), lte(refunds.nextAttemptAt, now)))
        .for("update", { skipLocked: true });
      if (!due) return undefined;
      const [claimed] = await tx
        .update(refunds)
        .set({ attempts: sql`${refunds.attempts} + 1`, firstAttemptAt: sql`coalesce(${refunds.firstAttemptAt}, ${now.toISOString()}::timestamptz)`, nextAttemptAt: new Date(now.getTime() + REFUND_LEASE_MS) })
        .where(eq(refunds.id, refundId))
        .returning();
      return claimed;
    });
  }

  /** Writes how this attempt ended, unless another runner took the refund over meanwhile. */
  private async finishRefund(refund: Refund, outcome: { status: "pending" | "succeeded" | "failed"; providerRefundId?: string; lastError?: string; nextAttemptAt?: Date }): Promise<void> {
    const done = outcome.status === "pending" ? null : this.deps.clock.now();
    await this.deps.database.db
      .update(refunds)
      .set({ status: outcome.status, providerRefundId: outcome.providerRefundId ?? null, lastError: outcome.lastError ?? null, nextAttemptAt: outcome.nextAttemptAt ?? null, doneAt: done })
      .where(and(eq(refunds.id, refund.id), eq(refunds.status, "pending"), eq(refunds.attempts, refund.attempts)));
  }

  /**
   * The jobs' part: every call still due, whoever decided it — Checkout sessions to open (or to
   * give up on when their hold lapsed), pages to close, refunds to send. Returns how many were tried.
   */
  async runDue(): Promise<number> {
    if (!this.deps.gateway) return 0;
    const db = this.deps.database.db;
    const now = this.deps.clock.now();
    const settled = new Date(now.getTime() - JOBS_GRACE_MS);
    await this.giveUpLapsedCheckouts(now);
    const toOpen = await db
      .select({ id: payments.id })
      .from(payments)
      .where(and(isNotNull(payments.checkoutRequestedAt), eq(payments.status, "pending"), isNull(payments.closeRequestedAt), lt(payments.createdAt, settled)))
      .orderBy(asc(payments.createdAt))
      .limit(100);
    const toClose = await db
      .select({ id: payments.id })
      .from(payments)
      .where(and(isNotNull(payments.closeRequestedAt), eq(payments.status, "pending"), isNotNull(payments.checkoutSessionId)))
      .limit(100);
    const toRefund = await db
      .select({ id: refunds.id })
      .from(refunds)
      .where(and(eq(refunds.status, "pending"), lte(refunds.nextAttemptAt, now), lt(refunds.createdAt, settled)))
      .orderBy(asc(refunds.createdAt))
      .limit(100);
    for (const { id } of toOpen) await this.openCheckout(id).catch(() => undefined);
    for (const { id } of toClose) await this.closeCheckout(id);
    for (const { id } of toRefund) await this.sendRefund(id);
    return toOpen.length + toClose.length + toRefund.length;
  }

  /**
   * A payment page never opened before its hold lapsed (the provider was down all along): no page
   * will be opened any more; the jobs' hold expiry releases the bookings and tells the customer.
   */
  private async giveUpLapsedCheckouts(now: Date): Promise<void> {
    await this.deps.database.db
      .update(payments)
      .set({ status: "expired", checkoutRequestedAt: null, checkoutError: sql`coalesce(${payments.checkoutError}, 'the hold lapsed before the payment page could be opened')`, updatedAt: now })
      .where(and(isNotNull(payments.checkoutRequestedAt), eq(payments.status, "pending"), lte(payments.checkoutExpiresAt, now)));
    // A page asked to close before it was ever opened has nothing to close, once no runner can still be opening it.
    await this.deps.database.db
      .update(payments)
      .set({ status: "expired", closeRequestedAt: null, updatedAt: now })
      .where(
        and(
          isNotNull(payments.closeRequestedAt),
          eq(payments.status, "pending"),
          isNull(payments.checkoutSessionId),
          isNull(payments.checkoutRequestedAt),
          lt(payments.closeRequestedAt, new Date(now.getTime() - CHECKOUT_FLIGHT_MS)),
        ),
      );
  }

  private async paymentRow(paymentId: string): Promise<Payment | undefined> {
    const [payment] = await this.deps.database.db.select().from(payments).where(eq(payments.id, paymentId));
    return payment;
  }

  private gateway(): PaymentGateway {
    if (!this.deps.gateway) throw new Error("payments are not configured (STRIPE_SECRET_KEY)");
    return this.deps.gateway;
  }
}

/**
 * What is sent to the provider under the payment's idempotency key, derived from stored data only
 * (the payment row: amount, item, the expiry and the instant its request was fixed; the bookings it
 * pays for), never from the clock at call time: a retry, a second later or after a restart, sends
 * the very same parameters, which the provider requires of a reused key. A request fixed afresh
 * (refixCheckout) is a new request under a new key.
 */
export function checkoutRequestFor(payment: Payment, bookingIds: string[], publicBaseUrl: string): CheckoutRequest {
  const requestedAt = payment.checkoutRequestedAt ?? payment.createdAt;
  const refixed = requestedAt.getTime() !== payment.createdAt.getTime();
  return {
    amountCents: payment.amountCents,
    currency: payment.currency,
    description: payment.description ?? "Booking",
    metadata: {
      paymentId: payment.id,
      businessId: payment.businessId,
      bookingIds: bookingIds.join(",").slice(0, 500),
      ...(payment.sessionGroupId && { sessionGroupId: payment.sessionGroupId }),
      ...(payment.packageId && { packageId: payment.packageId }),
    },
    expiresAt: payment.checkoutExpiresAt ?? checkoutExpiresAt(requestedAt, requestedAt),
    idempotencyKey: refixed ? `checkout:${payment.id}@${requestedAt.getTime()}` : `checkout:${payment.id}`,
    ...onAccountOf(payment),
    successUrl: `${publicBaseUrl}${RETURN_PATHS.paid}`,
    cancelUrl: `${publicBaseUrl}${RETURN_PATHS.cancelled}`,
  };
}

/** The account the payment's money was taken on: a business's connected account, or (none) the platform's. */
function onAccountOf(payment: Payment): OnAccount {
  return payment.stripeAccountId ? { account: payment.stripeAccountId } : {};
}

/** Stripe takes expiries in whole seconds; rounded up, so one kept at the minimum never falls under it. */
export function wholeSeconds(instant: Date): Date {
  return new Date(Math.ceil(instant.getTime() / 1000) * 1000);
}

/**
 * Money around bookings: a Checkout link while a slot is held, the provider's events applied once,
 * refunds under the business's cancellation policy. The provider sits behind PaymentGateway.
 */
import { and, eq, sql } from "drizzle-orm";
import { callAfterCommit } from "../afterCommit";
import { systemActor } from "../booking/actor";
import type { Booking, BookingService } from "../booking/bookingService";
import { type Business, getBusiness } from "../booking/business";
import type { Clock } from "../clock";
import { type Database, type Tx, PG_EXCLUSION_VIOLATION, pgErrorCode } from "../db/client";
import { bookings, notifications, packages, payments, processedWebhookEvents, refunds } from "../db/schema";
import type { Logger } from "../logger";
import { type PaymentEvent, type PaymentGateway, checkoutExpiresAt } from "./gateway";
import { CheckoutUnavailable, type Payment, PaymentCalls, checkoutLinkPlaceholder, wholeSeconds } from "./paymentCalls";
import { returnCredit } from "./packages";
import { type CancellationTerms, cancellationTerms, packageCreditOnCancel, shareOf } from "./policy";

export type { Payment };

/** Payment events (Stripe webhooks) confirm, revive, expire and cancel bookings on their own. */
const PAYMENT = systemActor("payment");

/**
 * What a provider event did, for the caller to tell the customer. Amounts in cents of `currency`.
 * - confirmed: the payment arrived in time; `pass` is a pass just bought; sessions of the plan
 *   the customer had cancelled before paying are refunded their share (`cancelledShare`).
 * - refunded_cancelled: paid for bookings cancelled first: all of it went back.
 * - refunded_late: paid after the hold lapsed and the time went to someone else: all of it went back.
 * - link_expired: the Checkout session lapsed unpaid; the held bookings were released.
 * - processing: paid with a delayed method (a bank debit) whose money has not arrived: the
 *   bookings stay held until it does or fails.
 * - payment_failed: that delayed money will not come; the held bookings were released.
 * Refunds are decided here and sent after the commit (PaymentCalls); amounts are what goes back.
 */
export type PaymentEventOutcome =
  | { kind: "duplicate" }
  | { kind: "ignored" }
  | { kind: "confirmed"; bookings: Booking[]; pass?: { remaining: number; total: number }; cancelledShare?: { bookings: Booking[]; refundCents: number; currency: string } }
  | { kind: "refunded_cancelled"; booking: Booking; refundCents: number; currency: string }
  | { kind: "refunded_late"; booking: Booking; refundCents: number; currency: string }
  | { kind: "link_expired"; bookings: Booking[] }
  | { kind: "processing"; bookings: Booking[] }
  | { kind: "payment_failed"; bookings: Booking[] };

export interface CheckoutStart {
  business: Business;
  customerId: string;
  /** The bookings this payment confirms (all sessions of an immediate plan; one otherwise). */
  bookings: Booking[];
  packageId?: string;
  amountCents: number;
  currency: string;
  description: string;
}

export class PaymentService {
  /** The provider calls these decisions leave for after the commit (and for the jobs after a crash). */
  readonly calls: PaymentCalls;

  constructor(
    private readonly deps: { gateway: PaymentGateway | undefined; database: Database; bookingService: BookingService; clock: Clock; logger: Logger; publicBaseUrl: string },
  ) {
    this.calls = new PaymentCalls(deps);
  }

  /** Paid services are paid by link only when a provider is configured; otherwise at the appointment. */
  get byLink(): boolean {
    return this.deps.gateway !== undefined;
  }

  /**
   * Records a pending payment for held bookings, with the Checkout request it will open: the
   * session itself is opened right after the commit (or by the jobs, after a crash), so the
   * returned `url` is a placeholder that fillCheckoutLinks turns into the Checkout URL when the
   * message leaves. The hold lasts exactly as long as the page will take payment: holdMinutes is
   * the hold the customer can count on (the business's, or less when Stripe's window is shorter);
   * the expiry itself may be a minute later (Stripe's 30-minute minimum plus our margin), not promised.
   */
  async startCheckout(tx: Tx, s: CheckoutStart): Promise<{ paymentId: string; url: string; holdMinutes: number }> {
    this.requireGateway();
    const now = this.deps.clock.now();
    const planId = s.bookings[0]?.sessionGroupId;
    const expiresAt = wholeSeconds(checkoutExpiresAt(now, new Date(now.getTime() + s.business.holdMinutes * 60_000)));
    const [payment] = await tx
      .insert(payments)
      .values({
        businessId: s.business.id,
        // A business paid through Stripe Connect takes the money on its own account; the payment keeps
        // which one, so its refunds follow the money even if the business changes accounts later.
        stripeAccountId: s.business.stripeAccountId ?? null,
        bookingId: s.bookings[0]?.id ?? null,
        sessionGroupId: planId ?? null,
        packageId: s.packageId ?? null,
        amountCents: s.amountCents,
        currency: s.currency,
        description: s.description,
        status: "pending",
        checkoutRequestedAt: now,
        checkoutExpiresAt: expiresAt,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const paymentId = payment!.id;
    // The slot stays held exactly as long as the payment page takes payment.
    await this.deps.bookingService.attachPayment(tx, s.bookings.map((b) => b.id), paymentId, expiresAt);
    callAfterCommit(() => this.openAfterCommit(paymentId));
    const holdMinutes = Math.min(s.business.holdMinutes, Math.floor((expiresAt.getTime() - now.getTime()) / 60_000));
    return { paymentId, url: checkoutLinkPlaceholder(paymentId), holdMinutes };
  }

  /** Opening the page right after the commit; a provider failure is the jobs' to retry (the row says so). */
  private async openAfterCommit(paymentId: string): Promise<void> {
    try {
      await this.calls.openCheckout(paymentId);
    } catch (error) {
      if (!(error instanceof CheckoutUnavailable)) throw error;
    }
  }

  /** Applies one provider event, once: a repeated event id changes nothing ("duplicate"). */
  async applyEvent(tx: Tx, event: PaymentEvent): Promise<PaymentEventOutcome> {
    const fresh = await tx.insert(processedWebhookEvents).values({ provider: "stripe", eventId: event.id }).onConflictDoNothing().returning();
    if (fresh.length === 0) return { kind: "duplicate" };
    if (event.type === "other") return { kind: "ignored" };
    const [payment] = await tx.select().from(payments).where(eq(payments.checkoutSessionId, event.sessionId)).for("update");
    if (!payment) {
      this.deps.logger.warn({ sessionId: event.sessionId, eventId: event.id }, "payment event for an unknown checkout session");
      return { kind: "ignored" };
    }
    // An event of one account never touches a payment made on another (another business's money).
    if ((event.account ?? null) !== payment.stripeAccountId) {
      this.deps.logger.warn({ sessionId: event.sessionId, eventId: event.id, account: event.account ?? null, paymentAccount: payment.stripeAccountId }, "payment event from another account than the payment's; ignored");
      return { kind: "ignored" };
    }
    if (event.type === "checkout.session.expired") return this.onExpired(tx, payment);
    if (event.type === "checkout.session.async_payment_failed") return this.onDelayedPaymentFailed(tx, payment);
    if (event.paymentStatus === "unpaid") return this.onProcessing(tx, payment, event.paymentIntentId);
    if (event.paymentStatus !== "paid" && event.paymentStatus !== "no_payment_required") return { kind: "ignored" };
    return this.onPaid(tx, payment, event.paymentIntentId, event.amountTotal);
  }

  private async onPaid(tx: Tx, payment: Payment, paymentIntentId: string | null, amountCents: number): Promise<PaymentEventOutcome> {
    if (payment.status === "paid" || payment.status === "refunded" || payment.status === "partially_refunded") return { kind: "ignored" };
    const now = this.deps.clock.now();
    await tx.update(payments).set({ status: "paid", paymentIntentId, amountCents, updatedAt: now }).where(eq(payments.id, payment.id));
    if (payment.packageId) await tx.update(packages).set({ status: "active" }).where(eq(packages.id, payment.packageId));
    const paidFor = await tx.select().from(bookings).where(eq(bookings.paymentId, payment.id)).orderBy(bookings.startAt, bookings.id);
    const confirmed: Booking[] = [];
    const lost: Booking[] = [];
    for (const booking of paidFor) {
      const result = await this.settle(tx, booking, now);
      (result ? confirmed : lost).push(result ?? booking);
    }
    // Sessions of a plan the customer cancelled before paying do not sink the others: those are
    // booked, and the cancelled ones' shares go back.
    const cancelledFirst = lost.filter((b) => b.status === "cancelled");
    if (confirmed.length > 0 && cancelledFirst.length === lost.length) {
      // A pass just bought: the customer hears how many sessions it still holds, as when booking from it.
      const [pass] = payment.packageId ? await tx.select().from(packages).where(eq(packages.id, payment.packageId)) : [];
      const outcome: PaymentEventOutcome = { kind: "confirmed", bookings: confirmed, ...(pass && { pass: { remaining: pass.totalCredits - pass.usedCredits, total: pass.totalCredits } }) };
      if (cancelledFirst.length === 0) return outcome;
      const shareCents = cancelledFirst.reduce((sum, b) => sum + shareOf(amountCents, paidFor.length, paidFor.findIndex((p) => p.id === b.id)), 0);
      await this.recordRefund(tx, payment.id, shareCents, "cancelled_first");
      await this.deps.bookingService.setPaymentStatus(tx, cancelledFirst.map((b) => b.id), "refunded");
      return { ...outcome, cancelledShare: { bookings: cancelledFirst, refundCents: shareCents, currency: payment.currency } };
    }
    // The money came after the hold ran out and the time went to someone else: all of it goes back,
    // and a pass bought with it is not sold after all.
    if (payment.packageId) await tx.update(packages).set({ status: "cancelled" }).where(eq(packages.id, payment.packageId));
    for (const booking of confirmed) await this.deps.bookingService.transition(tx, booking.id, "cancel", PAYMENT, { cancelReason: "paid_too_late", paymentStatus: "refunded" });
    await this.deps.bookingService.setPaymentStatus(tx, lost.map((b) => b.id), "refunded");
    const kind = lost.every((b) => b.status === "cancelled") ? "refunded_cancelled" : "refunded_late";
    await this.recordRefund(tx, payment.id, amountCents, kind === "refunded_cancelled" ? "paid_after_cancel" : "paid_too_late");
    await this.markExpiryTold(tx, lost);
    return { kind, booking: lost[0]!, refundCents: amountCents, currency: payment.currency };
  }

  /** A paid booking becomes confirmed; one whose hold lapsed is revived when its time is still free. */
  private async settle(tx: Tx, booking: Booking, now: Date): Promise<Booking | undefined> {
    if (booking.status === "pending_payment") {
      return this.deps.bookingService.transition(tx, booking.id, "confirm", PAYMENT, { paymentStatus: "paid" });
    }
    if (booking.status !== "expired") return booking.status === "confirmed" ? booking : undefined;
    try {
      return await tx.transaction((sp) => this.deps.bookingService.transition(sp, booking.id, "revive", PAYMENT, { paymentStatus: "paid" }));
    } catch (error) {
      if (pgErrorCode(error) === PG_EXCLUSION_VIOLATION) return undefined;
      throw error;
    }
  }

  private async onExpired(tx: Tx, payment: Payment): Promise<PaymentEventOutcome> {
    if (payment.status !== "pending") return { kind: "ignored" };
    await tx.update(payments).set({ status: "expired", updatedAt: this.deps.clock.now() }).where(eq(payments.id, payment.id));
    if (payment.packageId) await tx.update(packages).set({ status: "cancelled" }).where(and(eq(packages.id, payment.packageId), eq(packages.status, "pending_payment")));
    const held = await tx.select().from(bookings).where(and(eq(bookings.paymentId, payment.id), eq(bookings.status, "pending_payment")));
    for (const booking of held) await this.deps.bookingService.transition(tx, booking.id, "expire", PAYMENT, { cancelReason: "payment_expired", paymentStatus: "none" });
    await this.markExpiryTold(tx, held);
    return { kind: "link_expired", bookings: held };
  }

  /**
   * A delayed method (a bank debit) completed the checkout unpaid: the money may take days, and the
   * bookings stay held until it arrives (async_payment_succeeded) or fails — their hold runs to their start.
   */
  private async onProcessing(tx: Tx, payment: Payment, paymentIntentId: string | null): Promise<PaymentEventOutcome> {
    if (payment.status !== "pending") return { kind: "ignored" };
    await tx.update(payments).set({ status: "processing", paymentIntentId, updatedAt: this.deps.clock.now() }).where(eq(payments.id, payment.id));
    const held = await tx.select().from(bookings).where(and(eq(bookings.paymentId, payment.id), eq(bookings.status, "pending_payment"))).orderBy(bookings.startAt);
    await this.deps.bookingService.awaitDelayedPayment(tx, held.map((b) => b.id));
    return { kind: "processing", bookings: held };
  }

  /** The delayed money will not come (checkout.session.async_payment_failed): the held bookings are released. */
  private async onDelayedPaymentFailed(tx: Tx, payment: Payment): Promise<PaymentEventOutcome> {
    if (payment.status !== "processing" && payment.status !== "pending") return { kind: "ignored" };
    await tx.update(payments).set({ status: "expired", updatedAt: this.deps.clock.now() }).where(eq(payments.id, payment.id));
    if (payment.packageId) await tx.update(packages).set({ status: "cancelled" }).where(and(eq(packages.id, payment.packageId), eq(packages.status, "pending_payment")));
    const held = await tx.select().from(bookings).where(and(eq(bookings.paymentId, payment.id), eq(bookings.status, "pending_payment"))).orderBy(bookings.startAt);
    for (const booking of held) await this.deps.bookingService.transition(tx, booking.id, "expire", PAYMENT, { cancelReason: "payment_failed", paymentStatus: "none" });
    await this.markExpiryTold(tx, held);
    return { kind: "payment_failed", bookings: held };
  }

  /**
   * The jobs tell the customer of every expired booking once, claiming its "expired" notification
   * (jobs.ts expireHolds); these customers have just heard from us, so the claim is taken here.
   */
  private async markExpiryTold(tx: Tx, told: Booking[]): Promise<void> {
    if (told.length === 0) return;
    await tx
      .insert(notifications)
      .values(told.map((b) => ({ businessId: b.businessId, bookingId: b.id, kind: "expired" })))
      .onConflictDoNothing();
  }

  /**
   * What cancelling a booking now costs under the business's policy, from what was paid for it.
   * Nothing was paid (free, at the appointment, not yet paid): nothing to keep or refund.
   */
  async termsFor(tx: Tx, booking: Booking, waiveFee = false): Promise<CancellationTerms & { paidCents: number }> {
    const paidCents = await this.paidShare(tx, booking);
    const business = await getBusiness(tx, booking.businessId);
    const terms = cancellationTerms(paidCents, booking.startAt, this.deps.clock.now(), { freeUntilHours: business.cancellationFreeUntilHours, lateFeePercent: business.cancellationLateFeePercent }, waiveFee);
    return { ...terms, paidCents };
  }

  /**
   * Locks the payment behind a booking before the booking itself is locked: a Stripe event takes
   * the payment first and then its bookings, so a cancellation taking them in the other order
   * could deadlock with a payment arriving at the same moment.
   */
  async lockPaymentOf(tx: Tx, bookingId: string): Promise<void> {
    const [booking] = await tx.select({ paymentId: bookings.paymentId }).from(bookings).where(eq(bookings.id, bookingId));
    if (booking?.paymentId) await tx.select({ id: payments.id }).from(payments).where(eq(payments.id, booking.paymentId)).for("update");
  }

  /** Refunds what the policy gives back for a cancelled booking; returns the fee kept, and what became of a pass credit. */
  async refundCancellation(tx: Tx, booking: Booking, waiveFee: boolean): Promise<{ feeCents: number; refundCents: number; packageCredit?: "returned" | "used" }> {
    const terms = await this.termsFor(tx, booking, waiveFee);
    // A pass session cancelled in time gives its credit back; a late one uses it up. (A pass not
    // yet paid for is not sold at all: its link is closed below.)
    if (booking.packageId && (!terms.late || waiveFee)) await returnCredit(tx, booking.packageId);
    const packageCredit = packageCreditOnCancel(booking, terms.late, waiveFee);
    if (booking.paymentId) await this.requestClose(tx, booking.paymentId);
    if (terms.paidCents === 0 || !booking.paymentId) return { feeCents: 0, refundCents: 0, packageCredit };
    if (terms.refundCents > 0) await this.recordRefund(tx, booking.paymentId, terms.refundCents, "cancellation");
    await this.deps.bookingService.setPaymentStatus(tx, [booking.id], terms.feeCents === 0 ? "refunded" : "partially_refunded", terms.feeCents);
    return { feeCents: terms.feeCents, refundCents: terms.refundCents };
  }

  /**
   * Bookings cancelled before they were paid for: their payment page is to be closed (after the
   * commit), so the customer cannot pay for what no longer exists. Stripe being unreachable does
   * not stop the cancellation: the jobs retry, and a payment that still arrives is refunded in full (onPaid).
   */
  private async requestClose(tx: Tx, paymentId: string): Promise<void> {
    const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
    if (!payment || payment.status !== "pending") return;
    const [stillHeld] = await tx.select({ id: bookings.id }).from(bookings).where(and(eq(bookings.paymentId, paymentId), eq(bookings.status, "pending_payment"))).limit(1);
    if (stillHeld) return;
    // A page not opened yet never will be; one being opened right now is closed by its opener.
    await tx.update(payments).set({ closeRequestedAt: this.deps.clock.now(), checkoutRequestedAt: null }).where(eq(payments.id, paymentId));
    if (payment.checkoutSessionId) callAfterCommit(() => this.calls.closeCheckout(paymentId));
  }

  private async paidShare(tx: Tx, booking: Booking): Promise<number> {
    // A pass session is paid by the pass, which the customer keeps: cancelling it moves a credit, never money.
    if (!booking.paymentId || booking.packageId) return 0;
    const [payment] = await tx.select().from(payments).where(eq(payments.id, booking.paymentId));
    if (!payment || (payment.status !== "paid" && payment.status !== "partially_refunded")) return 0;
    const siblings = await tx.select({ id: bookings.id }).from(bookings).where(eq(bookings.paymentId, payment.id)).orderBy(bookings.startAt, bookings.id);
    const index = siblings.findIndex((b) => b.id === booking.id);
    return Math.min(shareOf(payment.amountCents, siblings.length, Math.max(index, 0)), payment.amountCents - payment.refundedCents);
  }

  /**
   * Decides a refund: its row (the amount fixed now) is written with the change that calls for it,
   * the payment counts it at once, and the provider is called after the commit (PaymentCalls.sendRefund).
   */
  private async recordRefund(tx: Tx, paymentId: string, amountCents: number, reason: string): Promise<void> {
    const now = this.deps.clock.now();
    const [payment] = await tx
      .update(payments)
      .set({
        refundedCents: sql`${payments.refundedCents} + ${amountCents}`,
        status: sql`case when ${payments.refundedCents} + ${amountCents} >= ${payments.amountCents} then 'refunded' else 'partially_refunded' end`,
        updatedAt: now,
      })
      .where(eq(payments.id, paymentId))
      .returning();
    const [refund] = await tx.insert(refunds).values({ businessId: payment!.businessId, paymentId, amountCents, currency: payment!.currency, reason, nextAttemptAt: now, createdAt: now }).returning({ id: refunds.id });
    callAfterCommit(() => this.calls.sendRefund(refund!.id));
  }

  private requireGateway(): PaymentGateway {
    if (!this.deps.gateway) throw new Error("payments are not configured (STRIPE_SECRET_KEY)");
    return this.deps.gateway;
  }
}

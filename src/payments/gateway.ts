/**
 * What the booking core needs from a payment provider: a hosted checkout for a hold, refunds, and
 * the provider's webhook events turned into our own terms. No provider types cross this line, so
 * the core is tested against fakes and a second provider is one more adapter.
 */

/**
 * The business's own account at the provider (a Stripe Connect account id) that a request acts
 * on, with the platform's credentials; unset: the platform's own account.
 */
export interface OnAccount {
  account?: string;
}

export interface CheckoutRequest extends OnAccount {
  amountCents: number;
  /** ISO 4217 code, any case. */
  currency: string;
  /** Shown to the customer on the payment page as the item's name. */
  description: string;
  /** metadata: what was paid for */
  metadata: Record<string, string>;
  /**
   * When the payment page stops taking payment. The gateway has no clock and sends this as is:
   * the caller keeps it inside the provider's window, best through `checkoutExpiresAt(now, wanted)`.
   */
  expiresAt: Date;
  /** The same key returns the same checkout instead of a second one (safe to retry). */
  idempotencyKey: string;
  successUrl: string;
  cancelUrl: string;
}

export interface Checkout {
  sessionId: string;
  url: string;
  expiresAt: Date;
}

export interface RefundRequest extends OnAccount {
  paymentIntentId: string;
  amountCents: number;
  idempotencyKey: string;
  /** Kept on the provider's refund: `refundId` (our row's id) finds it again when the key is forgotten. */
  metadata: { refundId: string; paymentId: string };
  reason?: "requested_by_customer" | "duplicate";
}

export interface ProviderRefund {
  refundId: string;
  amountCents: number;
  status: string;
}

export interface PaymentGateway {
  createCheckout(req: CheckoutRequest): Promise<Checkout>;
  refund(req: RefundRequest): Promise<ProviderRefund>;
  /** The payment intent's refund whose metadata.refundId is ours, if it was made (looked up among its latest 100). */
  findRefund(paymentIntentId: string, refundId: string, on?: OnAccount): Promise<ProviderRefund | undefined>;
  /** Closes a checkout (on the account it was made on) so it takes no payment; "not_open" when it had already completed or expired. */
  expireCheckout(sessionId: string, on?: OnAccount): Promise<"expired" | "not_open">;
  /**
   * Verifies the Stripe-Signature header over the raw body, made with the platform endpoint's secret
   * or the Connect endpoint's; throws InvalidWebhookSignature when it matches neither.
   */
  parseWebhook(rawBody: Buffer, signature: string | undefined): PaymentEvent;
}

/**
 * A completed checkout is not always a paid one: with delayed payment methods `paymentStatus` is
 * "unpaid" until the money arrives, so only "paid" (or "no_payment_required") settles a booking;
 * "checkout.session.async_payment_failed" says the delayed money will not come.
 * `account`: the connected account the event happened on (Stripe Connect); unset: the platform's.
 */
export type PaymentEvent = (
  | { id: string; type: "checkout.session.completed"; sessionId: string; paymentIntentId: string | null; amountTotal: number; currency: string; metadata: Record<string, string>; paymentStatus: string }
  | { id: string; type: "checkout.session.expired"; sessionId: string; metadata: Record<string, string> }
  | { id: string; type: "checkout.session.async_payment_failed"; sessionId: string; metadata: Record<string, string> }
  | { id: string; type: "other"; stripeType: string }
) &
  OnAccount;

/** The webhook did not come from the provider (bad, stale or missing signature): answer 400, change nothing. */
export class InvalidWebhookSignature extends Error {
  constructor(message = "invalid webhook signature", options?: { cause?: unknown }) {
    super(message, options);
    this.name = "InvalidWebhookSignature";
  }
}

/**
 * The provider refused the request or could not be reached. `retryable` says whether the same
 * request (same idempotency key) may succeed later: outages, timeouts, rate limits and conflicts.
 */
export class PaymentProviderError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "PaymentProviderError";
  }
}

/** Stripe Checkout takes an expiry from 30 minutes to 24 hours after the session is created. */
export const CHECKOUT_MIN_LIFETIME_MS = 30 * 60_000;
export const CHECKOUT_MAX_LIFETIME_MS = 24 * 60 * 60_000;
/**
 * Room for the request's flight, one timed-out attempt plus its retry (10 s + 1 s) and clock skew
 * between us and the provider, which measures the window from the moment it creates the session.
 */
export const CHECKOUT_EXPIRY_MARGIN_MS = 60_000;

/** The expiry to ask for: `wanted`, moved inside the provider's window as seen from `now`. */
export function checkoutExpiresAt(now: Date, wanted: Date): Date {
  const earliest = now.getTime() + CHECKOUT_MIN_LIFETIME_MS + CHECKOUT_EXPIRY_MARGIN_MS;
  const latest = now.getTime() + CHECKOUT_MAX_LIFETIME_MS - CHECKOUT_EXPIRY_MARGIN_MS;
  return new Date(Math.min(latest, Math.max(earliest, wanted.getTime())));
}

/**
 * The PaymentGateway over Stripe: hosted Checkout in payment mode, refunds by payment intent, and
 * signed webhook events. STRIPE_API_BASE points the SDK at stripe-mock or our test fake instead.
 */
import type Stripe from "stripe";
import type { Config } from "../config/config";
import {
  InvalidWebhookSignature,
  PaymentProviderError,
  type Checkout,
  type CheckoutRequest,
  type OnAccount,
  type PaymentEvent,
  type PaymentGateway,
  type ProviderRefund,
  type RefundRequest,
} from "./gateway";

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * A gateway when both the secret key and the webhook secret are set, else undefined (paid services
 * are then paid at the appointment): without the webhook secret no payment could ever be confirmed.
 * With the Connect endpoint's secret too, events signed with either are accepted. `timeoutMs`: each
 * request's bound (10 s unless a test needs a shorter one).
 */
export function createStripeGateway(config: Omit<Config["stripe"], "connectWebhookSecret"> & { connectWebhookSecret?: string; timeoutMs?: number }): PaymentGateway | undefined {
  if (!config.secretKey || !config.webhookSecret) return undefined;
  const StripeSdk = stripeSdk();
  const stripe = new StripeSdk(config.secretKey, {
    ...stripeConnectionOptions(config.apiBase),
    timeout: config.timeoutMs ?? REQUEST_TIMEOUT_MS,
    maxNetworkRetries: 1,
    appInfo: { name: "Slotline" },
  });
  return new StripeGateway(stripe, [config.webhookSecret, ...(config.connectWebhookSecret ? [config.connectWebhookSecret] : [])]);
}

/** STRIPE_API_BASE (an origin; any path is ignored, the SDK always requests /v1/…) as the SDK's options. */
export function stripeConnectionOptions(apiBase: string | undefined): { host?: string; port?: number; protocol?: "http" | "https" } {
  if (apiBase === undefined) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port === "" ? (protocol === "http" ? 80 : 443) : Number(url.port),
    protocol,
  };
}

class StripeGateway implements PaymentGateway {
  constructor(
    private readonly stripe: Stripe,
    private readonly webhookSecrets: string[],
  ) {}

  async createCheckout(req: CheckoutRequest): Promise<Checkout> {
    const session = await callStripe(() =>
      this.stripe.checkout.sessions.create(
        {
          mode: "payment",
          line_items: [
            {
              quantity: 1,
              price_data: { currency: req.currency.toLowerCase(), unit_amount: req.amountCents, product_data: { name: req.description } },
            },
          ],
          metadata: req.metadata,
          // The payment intent carries the metadata too, so refunds and disputes in the dashboard show what was paid for.
          payment_intent_data: { metadata: req.metadata },
          // Rounded up: rounding down could put an expiry the caller kept at the minimum just under it.
          expires_at: Math.ceil(req.expiresAt.getTime() / 1000),
          success_url: req.successUrl,
          cancel_url: req.cancelUrl,
        },
        { idempotencyKey: req.idempotencyKey, ...onAccount(req) },
      ),
    );
    if (!session.url) throw new PaymentProviderError(`checkout session ${session.id} has no payment page URL`, undefined, undefined, false);
    return { sessionId: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
  }

  async refund(req: RefundRequest): Promise<ProviderRefund> {
    const refund = await callStripe(() =>
      this.stripe.refunds.create(
        { payment_intent: req.paymentIntentId, amount: req.amountCents, metadata: req.metadata, ...(req.reason ? { reason: req.reason } : {}) },
        { idempotencyKey: req.idempotencyKey, ...onAccount(req) },
      ),
    );
    return refundOf(refund);
  }

  async findRefund(paymentIntentId: string, refundId: string, on: OnAccount = {}): Promise<ProviderRefund | undefined> {
    const page = await callStripe(() => this.stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 }, onAccount(on)));
    const found = page.data.find((r) => r.metadata?.refundId === refundId);
    return found ? refundOf(found) : undefined;
  }

  async expireCheckout(sessionId: string, on: OnAccount = {}): Promise<"expired" | "not_open"> {
    try {
      await callStripe(() => this.stripe.checkout.sessions.expire(sessionId, {}, onAccount(on)));
      return "expired";
    } catch (error) {
      // Stripe refuses (400) to expire a session that is no longer open: it completed or expired already.
      if (error instanceof PaymentProviderError && error.status === 400) return "not_open";
      throw error;
    }
  }

  parseWebhook(rawBody: Buffer, signature: string | undefined): PaymentEvent {
    if (!signature) throw new InvalidWebhookSignature("missing Stripe-Signature header");
    let firstError: unknown;
    // The platform's endpoint and the Connect endpoint each sign with their own secret.
    for (const secret of this.webhookSecrets) {
      try {
        return toPaymentEvent(this.stripe.webhooks.constructEvent(rawBody, signature, secret));
      } catch (error) {
        firstError ??= error;
      }
    }
    throw new InvalidWebhookSignature(firstError instanceof Error ? firstError.message : "invalid webhook signature", { cause: firstError });
  }
}

function refundOf(refund: Stripe.Refund): ProviderRefund {
  return { refundId: refund.id, amountCents: refund.amount, status: refund.status ?? "pending" };
}

/** Stripe Connect: the request acts on the connected account (the Stripe-Account header). */
function onAccount(on: OnAccount): { stripeAccount?: string } {
  return on.account ? { stripeAccount: on.account } : {};
}

function toPaymentEvent(event: Stripe.Event): PaymentEvent {
  const on = event.account ? { account: event.account } : {};
  return { ...eventFields(event), ...on };
}

function eventFields(event: Stripe.Event): PaymentEvent {
  switch (event.type) {
    // A delayed payment method (a bank debit) completes the checkout unpaid; its money arriving
    // days later is the same to us as a checkout completed and paid.
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      return {
        id: event.id,
        type: "checkout.session.completed",
        sessionId: session.id,
        paymentIntentId: idOf(session.payment_intent),
        amountTotal: session.amount_total ?? 0,
        currency: session.currency ?? "",
        metadata: session.metadata ?? {},
        paymentStatus: session.payment_status,
      };
    }
    case "checkout.session.expired":
    case "checkout.session.async_payment_failed": {
      const session = event.data.object;
      return { id: event.id, type: event.type, sessionId: session.id, metadata: session.metadata ?? {} };
    }
    default:
      return { id: event.id, type: "other", stripeType: event.type };
  }
}

/** Expandable fields arrive as an id, or as the object when expanded. */
function idOf(field: string | { id: string } | null): string | null {
  return field === null ? null : typeof field === "string" ? field : field.id;
}

/**
 * The stripe package, loaded when a Stripe account is configured rather than at every start
 * (~100 ms and ~17 MB); require caches it after the first call.
 */
function stripeSdk(): typeof Stripe {
  return require("stripe") as typeof Stripe;
}

/** Runs one SDK call and turns Stripe's errors into ours, so no Stripe type leaves this file. */
async function callStripe<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof stripeSdk().errors.StripeError)) throw error;
    const status = error.statusCode;
    const retryable = error.type === "StripeConnectionError" || status === 409 || status === 429 || (status !== undefined && status >= 500);
    throw new PaymentProviderError(`Stripe: ${error.message}`, status, error.code, retryable, { cause: error });
  }
}

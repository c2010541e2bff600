import {
  CHECKOUT_EXPIRY_MARGIN_MS,
  InvalidWebhookSignature,
  PaymentProviderError,
  checkoutExpiresAt,
  type CheckoutRequest,
  type PaymentGateway,
} from "../../src/payments/gateway";
import { createStripeGateway, stripeConnectionOptions } from "../../src/payments/stripeGateway";
import { ManualClock } from "../../src/clock";
import { FAKE_STRIPE_WEBHOOK_SECRET, startFakeStripeApi, type FakeStripeApi } from "../fakes/stripeApi";

const MINUTE = 60_000;
/** Stripe's clock, fixed: a test moves it on where the passing of time matters. */
const T0 = new Date("2025-03-04T09:00:00Z");
const clock = new ManualClock(T0);
/** A hold's expiry as stored with the booking, 45 minutes after T0. */
const HOLD_EXPIRES_AT = new Date(T0.getTime() + 45 * MINUTE);

let fake: FakeStripeApi;
let gateway: PaymentGateway;

beforeAll(async () => {
  fake = await startFakeStripeApi({ clock });
  gateway = createStripeGateway({ secretKey: fake.secretKey, webhookSecret: FAKE_STRIPE_WEBHOOK_SECRET, apiBase: fake.url })!;
});
afterEach(() => {
  fake.reset();
  clock.set(T0);
});
afterAll(() => fake.close());

function checkoutRequest(overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  return {
    amountCents: 4500,
    currency: "EUR",
    description: "Haircut, Tue 4 Mar 10:00",
    metadata: { bookingId: "3f1c2a4e-0000-4000-8000-000000000001", kind: "booking" },
    expiresAt: HOLD_EXPIRES_AT,
    idempotencyKey: "checkout:3f1c2a4e-0000-4000-8000-000000000001",
    successUrl: "http://localhost:3000/paid",
    cancelUrl: "http://localhost:3000/cancelled",
    ...overrides,
  };
}

async function paidSession(amountCents = 4500): Promise<{ sessionId: string; paymentIntentId: string }> {
  const checkout = await gateway.createCheckout(checkoutRequest({ amountCents, idempotencyKey: `checkout:${amountCents}:${Math.random()}` }));
  const event = fake.complete(checkout.sessionId);
  const session = event.data.object as { payment_intent: string };
  return { sessionId: checkout.sessionId, paymentIntentId: session.payment_intent };
}

describe("createStripeGateway", () => {
  it("is undefined without a secret key, so paid services are paid at the appointment", () => {
    expect(createStripeGateway({ secretKey: undefined, webhookSecret: FAKE_STRIPE_WEBHOOK_SECRET, apiBase: undefined })).toBeUndefined();
  });

  it("is undefined without a webhook secret, since no payment could then be confirmed", () => {
    expect(createStripeGateway({ secretKey: "sk_test_123", webhookSecret: undefined, apiBase: undefined })).toBeUndefined();
  });

  it("is a gateway with both, talking to Stripe itself when no API base is given", () => {
    expect(createStripeGateway({ secretKey: "sk_test_123", webhookSecret: "whsec_123", apiBase: undefined })).toBeDefined();
  });

  it("reads STRIPE_API_BASE as host, port and protocol", () => {
    expect(stripeConnectionOptions("http://127.0.0.1:12111")).toEqual({ host: "127.0.0.1", port: 12111, protocol: "http" });
    expect(stripeConnectionOptions("https://stripe.internal.example")).toEqual({ host: "stripe.internal.example", port: 443, protocol: "https" });
    expect(stripeConnectionOptions("http://[::1]:8080/")).toEqual({ host: "::1", port: 8080, protocol: "http" });
    expect(stripeConnectionOptions(undefined)).toEqual({});
  });
});

describe("createCheckout", () => {
  it("opens a Checkout Session in payment mode for the amount, with what was paid for in its metadata", async () => {
    const req = checkoutRequest();
    const checkout = await gateway.createCheckout(req);

    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0]!;
    expect(sent).toMatchObject({ method: "POST", path: "/v1/checkout/sessions", idempotencyKey: req.idempotencyKey, status: 200 });
    expect(sent.body).toEqual({
      mode: "payment",
      line_items: [{ quantity: "1", price_data: { currency: "eur", unit_amount: "4500", product_data: { name: "Haircut, Tue 4 Mar 10:00" } } }],
      metadata: req.metadata,
      payment_intent_data: { metadata: req.metadata },
      expires_at: String(req.expiresAt.getTime() / 1000),
      success_url: req.successUrl,
      cancel_url: req.cancelUrl,
    });

    const session = fake.sessions.get(checkout.sessionId)!;
    expect(session).toMatchObject({ amount_total: 4500, currency: "eur", metadata: req.metadata, status: "open", payment_status: "unpaid" });
    expect(checkout.sessionId).toMatch(/^cs_test_/);
    expect(checkout.expiresAt).toEqual(req.expiresAt);
  });

  it("answers a payment URL the customer can open", async () => {
    const checkout = await gateway.createCheckout(checkoutRequest());

    expect(checkout.url).toBe(`${fake.url}/pay/${checkout.sessionId}`);
    const page = await fetch(checkout.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("4500 EUR");
  });

  it("rounds a fractional expiry up to the next second, never under what the caller asked", async () => {
    const expiresAt = new Date(T0.getTime() + 40 * MINUTE + 250);
    const checkout = await gateway.createCheckout(checkoutRequest({ expiresAt }));

    expect(checkout.expiresAt.getTime()).toBeGreaterThanOrEqual(expiresAt.getTime());
    expect(checkout.expiresAt.getTime() - expiresAt.getTime()).toBeLessThan(1000);
  });

  it("returns the same session for the same idempotency key, retried across a second boundary", async () => {
    const first = await gateway.createCheckout(checkoutRequest());
    clock.set(new Date(T0.getTime() + 1_700));
    const second = await gateway.createCheckout(checkoutRequest());

    expect(second).toEqual(first);
    expect(fake.sessions.size).toBe(1);
    expect(fake.requests.map((r) => [r.idempotencyKey, r.status])).toEqual([
      [checkoutRequest().idempotencyKey, 200],
      [checkoutRequest().idempotencyKey, 200],
    ]);
  });

  it("is refused, as by Stripe, when a retry under the same key re-derives its expiry from the clock", async () => {
    const fromClock = () => checkoutRequest({ expiresAt: new Date(Math.ceil((clock.now().getTime() + 45 * MINUTE) / 1000) * 1000) });
    await gateway.createCheckout(fromClock());
    clock.set(new Date(T0.getTime() + 1_700));
    const failure = await gateway.createCheckout(fromClock()).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PaymentProviderError);
    expect(failure).toMatchObject({ status: 400, retryable: false });
    expect((failure as Error).message).toContain("same parameters");
    expect(fake.requests.at(-1)!.status).toBe(400);
  });

  it("opens separate sessions for separate idempotency keys", async () => {
    const first = await gateway.createCheckout(checkoutRequest({ idempotencyKey: "checkout:a" }));
    const second = await gateway.createCheckout(checkoutRequest({ idempotencyKey: "checkout:b" }));

    expect(second.sessionId).not.toBe(first.sessionId);
    expect(fake.sessions.size).toBe(2);
  });

  it("retries once after a Stripe outage with the same idempotency key", async () => {
    fake.failNext(1, 500);
    const checkout = await gateway.createCheckout(checkoutRequest());

    expect(fake.requests.map((r) => r.status)).toEqual([500, 200]);
    expect(new Set(fake.requests.map((r) => r.idempotencyKey))).toEqual(new Set([checkoutRequest().idempotencyKey]));
    expect(fake.sessions.has(checkout.sessionId)).toBe(true);
  });

  it("reports a lasting outage as a retryable PaymentProviderError", async () => {
    fake.failNext(2, 503, "Stripe is down");
    const failure = await gateway.createCheckout(checkoutRequest()).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PaymentProviderError);
    expect(failure).toMatchObject({ status: 503, retryable: true });
    expect(fake.sessions.size).toBe(0);
  });

  it("reports Stripe's refusal of an expiry under 30 minutes as a PaymentProviderError that retrying will not fix", async () => {
    const failure = await gateway.createCheckout(checkoutRequest({ expiresAt: new Date(T0.getTime() + 10 * MINUTE) })).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PaymentProviderError);
    expect(failure).toMatchObject({ status: 400, retryable: false, code: "parameter_invalid" });
    expect((failure as Error).message).toContain("at least 30 minutes");
  });

  it("reports a wrong secret key as a PaymentProviderError with status 401", async () => {
    const wrongKey = createStripeGateway({ secretKey: "sk_test_wrong_key_0000000000", webhookSecret: FAKE_STRIPE_WEBHOOK_SECRET, apiBase: fake.url })!;
    const failure = await wrongKey.createCheckout(checkoutRequest()).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PaymentProviderError);
    expect(failure).toMatchObject({ status: 401, retryable: false });
    expect(fake.requests[0]!.status).toBe(401);
  });
});

/** What a refund carries so it can be found again after Stripe forgot its key. */
const META = { refundId: "3f1b4c1e-0000-4000-8000-000000000001", paymentId: "3f1b4c1e-0000-4000-8000-000000000002" };

describe("refund", () => {
  it("refunds part of a payment by its payment intent", async () => {
    const { paymentIntentId } = await paidSession(4000);
    const refund = await gateway.refund({ paymentIntentId, amountCents: 1500, idempotencyKey: "refund:late-cancel:1", metadata: META, reason: "requested_by_customer" });

    expect(refund).toEqual({ refundId: expect.stringMatching(/^re_/), amountCents: 1500, status: "succeeded" });
    const sent = fake.requests.at(-1)!;
    expect(sent).toMatchObject({ method: "POST", path: "/v1/refunds", idempotencyKey: "refund:late-cancel:1" });
    expect(sent.body).toEqual({ payment_intent: paymentIntentId, amount: "1500", metadata: { refundId: META.refundId, paymentId: META.paymentId }, reason: "requested_by_customer" });
    expect(fake.paymentIntents.get(paymentIntentId)!.amountRefunded).toBe(1500);
  });

  it("refunds once for the same idempotency key", async () => {
    const { paymentIntentId } = await paidSession(4000);
    const first = await gateway.refund({ paymentIntentId, amountCents: 1000, idempotencyKey: "refund:once", metadata: META });
    const second = await gateway.refund({ paymentIntentId, amountCents: 1000, idempotencyKey: "refund:once", metadata: META });

    expect(second.refundId).toBe(first.refundId);
    expect(fake.paymentIntents.get(paymentIntentId)!.amountRefunded).toBe(1000);
  });

  it("reports a refund over what is left to refund as a PaymentProviderError", async () => {
    const { paymentIntentId } = await paidSession(4000);
    await gateway.refund({ paymentIntentId, amountCents: 3000, idempotencyKey: "refund:first", metadata: META });
    const failure = await gateway.refund({ paymentIntentId, amountCents: 2000, idempotencyKey: "refund:second", metadata: META }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PaymentProviderError);
    expect(failure).toMatchObject({ status: 400, code: "amount_too_large", retryable: false });
  });
});

describe("expireCheckout", () => {
  it("closes an open session so it takes no payment", async () => {
    const checkout = await gateway.createCheckout(checkoutRequest());

    expect(await gateway.expireCheckout(checkout.sessionId)).toBe("expired");
    expect(fake.requests.at(-1)).toMatchObject({ method: "POST", path: `/v1/checkout/sessions/${checkout.sessionId}/expire`, status: 200 });
    expect(fake.sessions.get(checkout.sessionId)).toMatchObject({ status: "expired", url: null });
  });

  it("says not_open for a session the customer already paid", async () => {
    const { sessionId } = await paidSession();

    expect(await gateway.expireCheckout(sessionId)).toBe("not_open");
    expect(fake.sessions.get(sessionId)).toMatchObject({ status: "complete" });
  });

  it("reports an outage as a retryable PaymentProviderError", async () => {
    const checkout = await gateway.createCheckout(checkoutRequest());
    fake.failNext(2, 503);

    await expect(gateway.expireCheckout(checkout.sessionId)).rejects.toMatchObject({ name: "PaymentProviderError", status: 503, retryable: true });
  });
});

describe("parseWebhook", () => {
  it("turns a signed checkout.session.completed event into a payment of the session", async () => {
    const req = checkoutRequest();
    const checkout = await gateway.createCheckout(req);
    const event = fake.complete(checkout.sessionId);
    const { body, signature } = fake.signedWebhook(event);

    expect(gateway.parseWebhook(Buffer.from(body), signature)).toEqual({
      id: event.id,
      type: "checkout.session.completed",
      sessionId: checkout.sessionId,
      paymentIntentId: expect.stringMatching(/^pi_/),
      amountTotal: 4500,
      currency: "eur",
      metadata: req.metadata,
      paymentStatus: "paid",
    });
  });

  it("reads a delayed payment: completed unpaid first, then async_payment_succeeded as the paid completion", async () => {
    const checkout = await gateway.createCheckout(checkoutRequest());
    const { completed, succeeded } = fake.completeDelayed(checkout.sessionId);
    const parse = (event: unknown) => {
      const { body, signature } = fake.signedWebhook(event);
      return gateway.parseWebhook(Buffer.from(body), signature);
    };

    expect(parse(completed)).toMatchObject({ id: completed.id, type: "checkout.session.completed", sessionId: checkout.sessionId, paymentStatus: "unpaid" });
    expect(parse(succeeded)).toMatchObject({ id: succeeded.id, type: "checkout.session.completed", sessionId: checkout.sessionId, paymentStatus: "paid", amountTotal: 4500 });
  });

  it("turns a checkout.session.expired event into the expiry of the session", async () => {
    const req = checkoutRequest();
    const checkout = await gateway.createCheckout(req);
    const event = fake.expire(checkout.sessionId);
    const { body, signature } = fake.signedWebhook(event);

    expect(gateway.parseWebhook(Buffer.from(body), signature)).toEqual({
      id: event.id,
      type: "checkout.session.expired",
      sessionId: checkout.sessionId,
      metadata: req.metadata,
    });
  });

  it("passes other event types on as 'other' with Stripe's type", () => {
    const event = fake.event("charge.refunded", { id: "ch_123", object: "charge", amount_refunded: 1500 });
    const { body, signature } = fake.signedWebhook(event);

    expect(gateway.parseWebhook(Buffer.from(body), signature)).toEqual({ id: event.id, type: "other", stripeType: "charge.refunded" });
  });

  it("rejects an event signed with another secret", () => {
    const { body, signature } = fake.signedWebhook(fake.event("charge.refunded", { id: "ch_1" }), "whsec_someone_else");

    expect(() => gateway.parseWebhook(Buffer.from(body), signature)).toThrow(InvalidWebhookSignature);
  });

  it("rejects a body changed after signing", async () => {
    const checkout = await gateway.createCheckout(checkoutRequest());
    const { body, signature } = fake.signedWebhook(fake.complete(checkout.sessionId));
    const tampered = body.replace('"amount_total": 4500', '"amount_total": 1');

    expect(tampered).not.toBe(body);
    expect(() => gateway.parseWebhook(Buffer.from(tampered), signature)).toThrow(InvalidWebhookSignature);
  });

  it("rejects an event without a Stripe-Signature header", () => {
    const { body } = fake.signedWebhook(fake.event("charge.refunded", { id: "ch_1" }));

    expect(() => gateway.parseWebhook(Buffer.from(body), undefined)).toThrow(InvalidWebhookSignature);
    expect(() => gateway.parseWebhook(Buffer.from(body), "")).toThrow(InvalidWebhookSignature);
  });

  it("rejects a replay signed more than five minutes ago", () => {
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    const { body, signature } = fake.signedWebhook(fake.event("charge.refunded", { id: "ch_1" }), FAKE_STRIPE_WEBHOOK_SECRET, { timestamp: tenMinutesAgo });

    expect(() => gateway.parseWebhook(Buffer.from(body), signature)).toThrow(InvalidWebhookSignature);
  });
});

describe("checkoutExpiresAt", () => {
  const now = new Date("2025-03-04T09:00:00Z");

  it("keeps an expiry inside Stripe's window", () => {
    const wanted = new Date("2025-03-04T10:00:00Z");
    expect(checkoutExpiresAt(now, wanted)).toEqual(wanted);
  });

  it("moves an expiry under 30 minutes to 30 minutes and a margin", () => {
    expect(checkoutExpiresAt(now, new Date("2025-03-04T09:15:00Z")).getTime()).toBe(now.getTime() + 30 * MINUTE + CHECKOUT_EXPIRY_MARGIN_MS);
  });

  it("moves an expiry past 24 hours back inside them by the margin", () => {
    expect(checkoutExpiresAt(now, new Date("2025-03-06T09:00:00Z")).getTime()).toBe(now.getTime() + 24 * 60 * MINUTE - CHECKOUT_EXPIRY_MARGIN_MS);
  });
});

describe("the fake Stripe API", () => {
  it("refuses a request without the secret key with Stripe's error object", async () => {
    const answer = await fetch(`${fake.url}/v1/checkout/sessions`, { method: "POST", headers: { Authorization: "Bearer sk_test_not_the_key_000000" } });

    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({ error: { type: "invalid_request_error", message: expect.stringContaining("Invalid API Key") } });
  });

  it("answers GET /v1/checkout/sessions/:id with the session as it stands", async () => {
    const checkout = await gateway.createCheckout(checkoutRequest());
    fake.complete(checkout.sessionId);
    const answer = await fetch(`${fake.url}/v1/checkout/sessions/${checkout.sessionId}`, { headers: { Authorization: `Bearer ${fake.secretKey}` } });

    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ id: checkout.sessionId, status: "complete", payment_status: "paid", payment_intent: expect.stringMatching(/^pi_/), url: null });
  });

  it("refuses a reused idempotency key with other parameters, as Stripe does", async () => {
    await gateway.createCheckout(checkoutRequest({ amountCents: 4500 }));
    const failure = await gateway.createCheckout(checkoutRequest({ amountCents: 9900 })).catch((error: unknown) => error);

    expect(failure).toMatchObject({ status: 400, retryable: false });
    expect((failure as Error).message).toContain("same parameters");
  });
});

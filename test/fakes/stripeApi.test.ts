import Stripe from "stripe";
import { stripeConnectionOptions } from "../../src/payments/stripeGateway";
import { FAKE_STRIPE_SECRET_KEY, startFakeStripeApi, type FakeStripeApi } from "./stripeApi";

let fake: FakeStripeApi;
let stripe: Stripe;

beforeAll(async () => {
  fake = await startFakeStripeApi();
  // No retries: each test decides what a second attempt is.
  stripe = new Stripe(FAKE_STRIPE_SECRET_KEY, { ...stripeConnectionOptions(fake.url), maxNetworkRetries: 0 });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

function openSession(stripeAccount?: string): Promise<Stripe.Checkout.Session> {
  return stripe.checkout.sessions.create(
    {
      mode: "payment",
      line_items: [{ quantity: 1, price_data: { currency: "eur", unit_amount: 4500, product_data: { name: "Haircut" } } }],
      success_url: "http://localhost:3000/paid",
    },
    stripeAccount ? { stripeAccount } : {},
  );
}

/** A Checkout the customer paid: its payment intent holds 45.00 EUR to refund. */
async function paidIntent(stripeAccount?: string): Promise<string> {
  const session = await openSession(stripeAccount);
  return (fake.complete(session.id).data.object as { payment_intent: string }).payment_intent;
}

async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  return done;
}

describe("refunds", () => {
  it("keeps the metadata a refund was made with and lists it by payment intent", async () => {
    const paymentIntent = await paidIntent();
    const refund = await stripe.refunds.create({ payment_intent: paymentIntent, amount: 1500, metadata: { bookingId: "b-1" } });

    expect(refund.metadata).toEqual({ bookingId: "b-1" });
    const list = await stripe.refunds.list({ payment_intent: paymentIntent });
    expect(list.object).toBe("list");
    expect(list.has_more).toBe(false);
    expect(list.url).toBe("/v1/refunds");
    expect(list.data).toEqual([expect.objectContaining({ id: refund.id, amount: 1500, metadata: { bookingId: "b-1" }, status: "succeeded" })]);
    expect(list.data[0]).not.toHaveProperty("account");
    expect(fake.refunds.get(refund.id)).toMatchObject({ payment_intent: paymentIntent, amount: 1500, currency: "eur", account: undefined });
  });

  it("lists newest first, ten unless a limit is given, and only the payment intent asked about", async () => {
    const paymentIntent = await paidIntent();
    const other = await paidIntent();
    const first = await stripe.refunds.create({ payment_intent: paymentIntent, amount: 100 });
    const second = await stripe.refunds.create({ payment_intent: paymentIntent, amount: 200 });
    await stripe.refunds.create({ payment_intent: other, amount: 300 });

    const all = await stripe.refunds.list({ payment_intent: paymentIntent });
    expect(all.data.map((refund) => refund.id)).toEqual([second.id, first.id]);
    for (let i = 0; i < 10; i++) await stripe.refunds.create({ payment_intent: paymentIntent, amount: 1 });
    expect((await stripe.refunds.list({ payment_intent: paymentIntent })).data).toHaveLength(10);
    const newest = await stripe.refunds.list({ payment_intent: paymentIntent, limit: 1 });
    expect(newest.data[0]!.id).toBe([...fake.refunds.keys()].at(-1));
    expect(newest.has_more).toBe(true);
    await expect(stripe.refunds.list({ limit: 101 })).rejects.toMatchObject({ statusCode: 400, param: "limit" });
  });

  it("shows a connected account's refunds to that account only", async () => {
    const paymentIntent = await paidIntent("acct_salon");
    await stripe.refunds.create({ payment_intent: paymentIntent }, { stripeAccount: "acct_salon" });

    expect((await stripe.refunds.list({ payment_intent: paymentIntent })).data).toEqual([]);
    expect((await stripe.refunds.list({ payment_intent: paymentIntent }, { stripeAccount: "acct_other" })).data).toEqual([]);
    expect((await stripe.refunds.list({ payment_intent: paymentIntent }, { stripeAccount: "acct_salon" })).data).toHaveLength(1);
    expect([...fake.refunds.values()][0]!.account).toBe("acct_salon");
  });
});

describe("forgetIdempotencyKeys", () => {
  it("makes a request with a key used before act again, as Stripe does after 24 hours", async () => {
    const paymentIntent = await paidIntent();
    const first = await stripe.refunds.create({ payment_intent: paymentIntent, amount: 1000 }, { idempotencyKey: "refund:b-1" });
    const replayed = await stripe.refunds.create({ payment_intent: paymentIntent, amount: 1000 }, { idempotencyKey: "refund:b-1" });
    expect(replayed.id).toBe(first.id);
    expect(fake.refunds.size).toBe(1);

    fake.forgetIdempotencyKeys();
    const again = await stripe.refunds.create({ payment_intent: paymentIntent, amount: 1000 }, { idempotencyKey: "refund:b-1" });

    expect(again.id).not.toBe(first.id);
    expect(fake.refunds.size).toBe(2);
    expect([...fake.refunds.values()].map((refund) => refund.idempotencyKey)).toEqual(["refund:b-1", "refund:b-1"]);
    expect(fake.paymentIntents.get(paymentIntent)!.amountRefunded).toBe(2000);
  });
});

describe("holdNext", () => {
  it("keeps a Checkout creation pending, with no session made, while other customers are served", async () => {
    const hold = fake.holdNext({ method: "POST", path: "/v1/checkout/sessions" });
    const held = openSession();
    await hold.reached;

    expect(fake.sessions.size).toBe(0);
    const meanwhile = await openSession();
    expect([...fake.sessions.keys()]).toEqual([meanwhile.id]);
    expect(await settled(held)).toBe(false);

    hold.release();
    const session = await held;
    expect(fake.sessions.size).toBe(2);
    expect(session.id).not.toBe(meanwhile.id);
  });

  it("matches a path by pattern and lets other methods through", async () => {
    const session = await openSession();
    const hold = fake.holdNext({ method: "post", path: /^\/v1\/checkout\/sessions\/[^/]+\/expire$/ });
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");

    const expiring = stripe.checkout.sessions.expire(session.id);
    await hold.reached;
    expect(fake.sessions.get(session.id)!.status).toBe("open");
    hold.release();
    expect((await expiring).status).toBe("expired");
  });
});

describe("chaos", () => {
  it("answers 500 before any effect when the draw falls within failRate", async () => {
    const paymentIntent = await paidIntent();
    fake.setChaos({ failRate: 0.5, timeoutRate: 0, random: () => 0 });

    await expect(stripe.refunds.create({ payment_intent: paymentIntent })).rejects.toMatchObject({ statusCode: 500, type: "StripeAPIError" });

    expect(fake.refunds.size).toBe(0);
    expect(fake.paymentIntents.get(paymentIntent)!.amountRefunded).toBe(0);
    expect(fake.chaosCounts).toEqual({ failed: 1, timedOut: 0 });
  });

  it("spares the checkout page, which is no API request", async () => {
    const session = await openSession();
    fake.setChaos({ failRate: 1, timeoutRate: 0 });

    expect((await fetch(session.url!)).status).toBe(200);
    expect(fake.chaosCounts.failed).toBe(0);
  });

  it("carries out a timed-out refund though the caller never hears, and replays it under the same key", async () => {
    const paymentIntent = await paidIntent();
    fake.setChaos({ failRate: 0, timeoutRate: 1, timeoutMs: 2_000, random: () => 0 });
    const impatient = new Stripe(FAKE_STRIPE_SECRET_KEY, { ...stripeConnectionOptions(fake.url), maxNetworkRetries: 0, timeout: 200 });

    await expect(impatient.refunds.create({ payment_intent: paymentIntent }, { idempotencyKey: "refund:b-2" })).rejects.toMatchObject({
      type: "StripeConnectionError",
    });
    expect(fake.refunds.size).toBe(1);
    expect(fake.chaosCounts).toEqual({ failed: 0, timedOut: 1 });

    fake.setChaos(undefined);
    const retried = await stripe.refunds.create({ payment_intent: paymentIntent }, { idempotencyKey: "refund:b-2" });
    expect(retried.id).toBe([...fake.refunds.keys()][0]);
    expect(fake.refunds.size).toBe(1);
  });

  it("lets a request through when the draw falls beyond both rates, and can be started with", async () => {
    const calm = await startFakeStripeApi({ chaos: { failRate: 0.2, timeoutRate: 0.2, random: () => 0.4 } });
    try {
      const client = new Stripe(FAKE_STRIPE_SECRET_KEY, { ...stripeConnectionOptions(calm.url), maxNetworkRetries: 0 });
      expect((await client.refunds.list()).data).toEqual([]);
      expect(calm.chaosCounts).toEqual({ failed: 0, timedOut: 0 });
    } finally {
      await calm.close();
    }
  });

  it("does not keep close() waiting for an answer it withholds", async () => {
    const stormy = await startFakeStripeApi({ chaos: { failRate: 0, timeoutRate: 1, random: () => 0 } });
    const client = new Stripe(FAKE_STRIPE_SECRET_KEY, { ...stripeConnectionOptions(stormy.url), maxNetworkRetries: 0 });
    const unanswered = client.refunds.list();
    unanswered.catch(() => undefined);
    while (stormy.chaosCounts.timedOut === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    const startedClosing = Date.now();
    await stormy.close();

    expect(Date.now() - startedClosing).toBeLessThan(1_000);
    await expect(unanswered).rejects.toMatchObject({ type: "StripeConnectionError" });
  });
});

describe("completeDelayedFailed", () => {
  it("completes the session unpaid, then fails it, moving no money", async () => {
    const session = await openSession();

    const { completed, failed } = fake.completeDelayedFailed(session.id);

    expect(completed.type).toBe("checkout.session.completed");
    expect(completed.data.object).toMatchObject({ status: "complete", payment_status: "unpaid" });
    expect(failed.type).toBe("checkout.session.async_payment_failed");
    expect(failed.data.object).toMatchObject({ id: session.id, status: "complete", payment_status: "unpaid" });
    expect(fake.paymentIntents.size).toBe(0);
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ status: "complete", payment_status: "unpaid" });
  });

  it("carries the connected account on both events", async () => {
    const session = await openSession("acct_salon");

    const { completed, failed } = fake.completeDelayedFailed(session.id);

    expect([completed.account, failed.account]).toEqual(["acct_salon", "acct_salon"]);
  });
});

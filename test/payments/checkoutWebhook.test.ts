/**
 * Paying by link, end to end: a customer books a paid service by text, gets the raw Checkout URL,
 * pays on the fake Stripe's session, and Stripe's signed checkout.session.completed confirms the
 * booking once, however often it is delivered; unsigned or altered deliveries change nothing.
 * Without Stripe keys the same service is paid at the appointment.
 */
import { eq } from "drizzle-orm";
import request from "supertest";
import { getBusiness } from "../../src/booking/business";
import { bookings, payments } from "../../src/db/schema";
import { checkoutRequestFor } from "../../src/payments/paymentCalls";
import { createStripeGateway } from "../../src/payments/stripeGateway";
import { FAKE_STRIPE_WEBHOOK_SECRET } from "../fakes/stripeApi";
import { type AdminServer, PUBLIC_BASE_URL, expectProblem, phoneMaker, startAdminServer } from "../support/adminClient";
import { MANAGE_LINK, bookingOfManageLink } from "../support/manageLinks";
import { type PaymentsServer, startPaymentsServer } from "../support/paymentsServer";

let server: PaymentsServer;
const newPhone = phoneMaker("555301");

beforeAll(async () => {
  server = await startPaymentsServer();
}, 60_000);
afterAll(async () => {
  await server.close();
});

const outgoing = (phone: string) => server.sentTo(phone);
const paymentRows = (bookingId: string) => server.database.db.select().from(payments).where(eq(payments.bookingId, bookingId));

describe("booking the colour treatment by text with Stripe configured", () => {
  it("holds the slot and replies with the Checkout URL on its own line, for a session that matches the hold", async () => {
    const phone = newPhone();
    const mark = server.stripe.requests.length;
    const hold = await server.holdByText(phone, "colour treatment tomorrow at 11am");

    expect(hold.reply).toBe(`Held for you for 30 minutes: Colour treatment, Tue 3 Mar, 11:00. Pay $120.00 to confirm:\n${hold.url}`);
    expect(hold.url).toBe(`${server.stripe.url}/pay/${hold.session.id}`);
    const [booking] = await server.bookings({ phone });
    expect(booking).toMatchObject({ status: "pending_payment", start: "2026-03-03T11:00:00-05:00", payment: { status: "pending", amountCents: 12000, currency: "USD", url: hold.url } });

    const [created] = server.stripeRequestsSince(mark);
    expect(created).toMatchObject({ method: "POST", path: "/v1/checkout/sessions", status: 200, idempotencyKey: expect.stringMatching(/^checkout:/) });
    expect(created!.body).toMatchObject({
      mode: "payment",
      line_items: [{ quantity: "1", price_data: { currency: "usd", unit_amount: "12000", product_data: { name: "Colour treatment" } } }],
      metadata: { bookingIds: booking!.id, businessId: server.businessId },
    });
    // The slot is held exactly as long as the payment page takes payment.
    expect(Number(created!.body.expires_at) * 1000).toBe(Date.parse(booking!.holdExpiresAt!));
    expect(hold.session.expires_at * 1000).toBe(Date.parse(booking!.holdExpiresAt!));
  });

  it("says the business's 30-minute hold, though the link lives a minute longer to satisfy Stripe's minimum", async () => {
    const hold = await server.holdByText(newPhone(), "colour treatment tomorrow at 1pm");
    expect(hold.reply).toMatch(/^Held for you for 30 minutes: /);
    expect((hold.session.expires_at - hold.session.created) / 60).toBe(31);
  });

  it("says a longer hold as the business set it", async () => {
    expect((await server.admin.patch("/admin/business", { holdMinutes: 45 })).status).toBe(200);
    try {
      const hold = await server.holdByText(newPhone(), "colour treatment tomorrow at 2pm");
      expect(hold.reply).toMatch(/^Held for you for 45 minutes: /);
      expect((hold.session.expires_at - hold.session.created) / 60).toBe(45);
    } finally {
      await server.admin.patch("/admin/business", { holdMinutes: 30 });
    }
  });

  it("sends Stripe what the stored payment and hold say, so the same key asked again seconds later is replayed, not refused", async () => {
    const phone = newPhone();
    const mark = server.stripe.requests.length;
    const hold = await server.holdByText(phone, "colour treatment on Thursday at 11am");
    const [listed] = await server.bookings({ phone });
    const [payment] = await paymentRows(listed!.id);
    const held = await server.database.db.select().from(bookings).where(eq(bookings.id, listed!.id));
    // Recorded on the injected clock, and at least Stripe's 30 minutes ahead of it.
    expect(payment!.createdAt.getTime()).toBe(server.clock.now().getTime() - 60_000);
    expect(hold.session.expires_at * 1000 - payment!.createdAt.getTime()).toBeGreaterThanOrEqual(30 * 60_000);

    server.clock.set(new Date(server.clock.now().getTime() + 1_500));
    const again = checkoutRequestFor(payment!, held.map((b) => b.id), PUBLIC_BASE_URL);
    const gateway = createStripeGateway({ secretKey: server.stripe.secretKey, webhookSecret: FAKE_STRIPE_WEBHOOK_SECRET, apiBase: server.stripe.url })!;
    const replayed = await gateway.createCheckout(again);

    expect(replayed.sessionId).toBe(hold.session.id);
    const [first, second] = server.stripeRequestsSince(mark, "/v1/checkout/sessions");
    expect(second).toMatchObject({ idempotencyKey: first!.idempotencyKey, status: 200 });
    expect(second!.body).toEqual(first!.body);
  });

  it("confirms the booking, records the payment and tells the customer when Stripe says it is paid", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(phone, "colour treatment on Wednesday at 2pm");
    await server.pay(hold);

    const [booking] = await server.bookings({ phone });
    expect(booking).toMatchObject({ status: "confirmed", holdExpiresAt: null, payment: { status: "paid", amountCents: 12000, currency: "USD" } });
    const [told, link] = (await outgoing(phone)).slice(-2);
    expect(told).toMatchObject({ channel: "sms", body: "Payment received. You're booked: Colour treatment, Wed 4 Mar, 14:00. See you then!" });
    expect(link).toMatchObject({ channel: "sms", body: MANAGE_LINK });
    expect(await bookingOfManageLink(server.database, link!.body)).toBe(booking!.id);
    const [row] = await paymentRows(booking!.id);
    expect(row).toMatchObject({ status: "paid", paymentIntentId: hold.session.payment_intent, amountCents: 12000 });
  });

  it("asks Stripe for the price less the customer's promo code", async () => {
    await server.admin.post("/admin/promo-codes", { code: "COLOUR25", maxUses: 5, percentOff: 25 }).expect(201);
    const phone = newPhone();
    await server.text(phone, "code COLOUR25");
    const mark = server.stripe.requests.length;
    const hold = await server.holdByText(phone, "colour treatment on Wednesday at 10am");

    expect(hold.reply).toContain("Pay $90.00 to confirm:\n");
    const [created] = server.stripeRequestsSince(mark, "/v1/checkout/sessions");
    expect(created!.body).toMatchObject({ line_items: [{ price_data: { unit_amount: "9000" } }] });
    expect(hold.session.amount_total).toBe(9000);
  });
});

describe("the pages Stripe sends the customer back to", () => {
  it("are served at the Checkout Session's success and cancel URLs", async () => {
    const hold = await server.holdByText(newPhone(), "colour treatment on Friday at 11am");
    for (const [url, heading] of [
      [hold.session.success_url!, "Payment received"],
      [hold.session.cancel_url!, "Payment not completed"],
    ] as const) {
      expect(url.startsWith(PUBLIC_BASE_URL)).toBe(true);
      const res = await request(server.app).get(url.slice(PUBLIC_BASE_URL.length));
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(res.text).toContain(`<h1>${heading}</h1>`);
    }
  });
});

describe("a customer on WhatsApp", () => {
  it("is told on WhatsApp that the payment arrived", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(`whatsapp:${phone}`, "colour treatment on Friday at 2pm");
    await server.pay(hold);

    expect((await server.bookings({ phone }))[0]).toMatchObject({ status: "confirmed" });
    expect((await outgoing(phone)).slice(-2)).toEqual([
      expect.objectContaining({ channel: "whatsapp", body: "Payment received. You're booked: Colour treatment, Fri 6 Mar, 14:00. See you then!" }),
      expect.objectContaining({ channel: "whatsapp", body: MANAGE_LINK }),
    ]);
  });
});

describe("a 100% promo code", () => {
  it("books the paid service at once, without a Checkout Session", async () => {
    await server.admin.post("/admin/promo-codes", { code: "ONUS", maxUses: 1, percentOff: 100 }).expect(201);
    const phone = newPhone();
    await server.text(phone, "code ONUS");
    const mark = server.stripe.requests.length;
    expect(await server.text(phone, "colour treatment on Monday March 9 at 2pm")).toEqual(["Colour treatment: Mon 9 Mar, 14:00 with Alex, free with your 100% code. Book it? (yes/no)"]);
    expect(await server.text(phone, "yes")).toEqual(["Booked: Colour treatment, Mon 9 Mar, 14:00. See you then!", MANAGE_LINK]);

    expect(server.stripeRequestsSince(mark)).toEqual([]);
    expect((await server.bookings({ phone }))[0]).toMatchObject({ status: "confirmed", payment: { status: "none", amountCents: 0, url: null } });
  });
});

describe("the same event delivered twice", () => {
  it("takes effect once: one payment, one message", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(phone, "colour treatment on Thursday at 10am");
    const event = await server.pay(hold);

    const again = await server.deliver(event);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ received: true, outcome: "duplicate" });
    const [booking] = await server.bookings({ phone });
    expect(booking).toMatchObject({ status: "confirmed", payment: { status: "paid" } });
    expect(await paymentRows(booking!.id)).toHaveLength(1);
    expect((await outgoing(phone)).filter((m) => m.body.startsWith("Payment received"))).toHaveLength(1);
  });

  it("takes effect once when both deliveries arrive at the same moment", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(phone, "colour treatment on Thursday at 2pm");
    const event = server.stripe.complete(hold.session.id);

    const outcomes = (await Promise.all([server.deliver(event), server.deliver(event)])).map((res) => res.body.outcome);
    expect(outcomes.sort()).toEqual(["applied", "duplicate"]);
    const [booking] = await server.bookings({ phone });
    expect(booking).toMatchObject({ status: "confirmed", payment: { status: "paid" } });
    expect((await outgoing(phone)).filter((m) => m.body.startsWith("Payment received"))).toHaveLength(1);
  });
});

describe("a delivery that did not come from Stripe", () => {
  const post = (body: string, signature?: string) => {
    const req = request(server.app).post("/webhooks/stripe").set("Content-Type", "application/json");
    return (signature === undefined ? req : req.set("Stripe-Signature", signature)).send(body);
  };

  it("is refused with 400 and changes nothing: wrong secret, no header, altered body, stale timestamp", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(phone, "colour treatment on Friday at 10am");
    const event = server.stripe.complete(hold.session.id);
    const genuine = server.stripe.signedWebhook(event);

    const wrongSecret = server.stripe.signedWebhook(event, "whsec_not_the_one_we_were_given_0000");
    expectProblem(await post(wrongSecret.body, wrongSecret.signature), 400);
    expectProblem(await post(genuine.body), 400);
    const altered = genuine.body.replace('"amount_total": 12000', '"amount_total": 1');
    expect(altered).not.toBe(genuine.body);
    expectProblem(await post(altered, genuine.signature), 400);
    const stale = server.stripe.signedWebhook(event, FAKE_STRIPE_WEBHOOK_SECRET, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expectProblem(await post(stale.body, stale.signature), 400);

    const [booking] = await server.bookings({ phone });
    expect(booking).toMatchObject({ status: "pending_payment", payment: { status: "pending" } });
    expect((await outgoing(phone)).filter((m) => m.body.startsWith("Payment received"))).toHaveLength(0);

    // The refused attempts did not use up the event: Stripe's genuine delivery still takes effect.
    const res = await post(genuine.body, genuine.signature);
    expect(res.body).toEqual({ received: true, outcome: "applied" });
    expect((await server.bookings({ phone }))[0]).toMatchObject({ status: "confirmed" });
  });
});

describe("without Stripe keys", () => {
  let plain: AdminServer;
  beforeAll(async () => {
    plain = await startAdminServer();
  }, 60_000);
  afterAll(async () => {
    await plain.close();
  });

  it("books a paid service to be paid at the appointment, and says so", async () => {
    const phone = newPhone();
    expect(await plain.text(phone, "colour treatment tomorrow at 11am")).toEqual(["Colour treatment: Tue 3 Mar, 11:00 with Alex, $120.00. Book it? (yes/no)"]);
    expect(await plain.text(phone, "yes")).toEqual(["Booked: Colour treatment, Tue 3 Mar, 11:00. Payment is at the appointment. See you then!", MANAGE_LINK]);
    const [booking] = await plain.bookings({ phone });
    expect(booking).toMatchObject({ status: "confirmed", payment: { status: "at_appointment", amountCents: 12000, url: null } });
  });

  it("has no Stripe webhook to deliver to", async () => {
    expectProblem(await request(plain.app).post("/webhooks/stripe").set("Content-Type", "application/json").send("{}"), 404);
  });
});

/**
 * Businesses paid through Stripe Connect: each business with a stripeAccountId takes its money on
 * its own connected account (Checkout, expiry and refunds carry Stripe-Account, with the platform's
 * key), its events arrive signed with the Connect endpoint's secret, and an event of one business's
 * account never touches another business's payment.
 */
import { eq } from "drizzle-orm";
import request from "supertest";
import { ManualClock } from "../../src/clock";
import { bookings, businesses, payments } from "../../src/db/schema";
import { issueApiKey } from "../../src/tenancy/apiKeys";
import { claimChannels } from "../../src/tenancy/channels";
import { readTwimlMessages, signatureFor, twilioForm } from "../../scripts/twilioClient";
import {
  FAKE_STRIPE_CONNECT_WEBHOOK_SECRET,
  FAKE_STRIPE_WEBHOOK_SECRET,
  type FakeStripeApi,
  type FakeStripeEvent,
  startFakeStripeApi,
} from "../fakes/stripeApi";
import { AUTH_TOKEN, type AdminServer, MONDAY_8AM, PUBLIC_BASE_URL, startAdminServer } from "../support/adminClient";
import { createBusiness } from "../support/factories";

const SALON = { number: "+15550001001", account: "acct_1SalonConnect000001" };
const SPA = { number: "+15550002002", account: "acct_1SpaConnect00000001" };

let stripe: FakeStripeApi;
let server: AdminServer;
let spa: { id: string; apiKey: string };
let phoneCounter = 0;
const newPhone = () => `+1555701${String(++phoneCounter).padStart(4, "0")}`;

beforeAll(async () => {
  const clock = new ManualClock(MONDAY_8AM);
  stripe = await startFakeStripeApi({ clock });
  server = await startAdminServer({
    clock,
    env: {
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_WEBHOOK_SECRET: FAKE_STRIPE_WEBHOOK_SECRET,
      STRIPE_CONNECT_WEBHOOK_SECRET: FAKE_STRIPE_CONNECT_WEBHOOK_SECRET,
      STRIPE_API_BASE: stripe.url,
    },
  });
  const db = server.database.db;
  const { businessId: spaId } = await createBusiness(db, {
    business: { name: "Harbour Spa" },
    services: [{ name: "Hot stone massage", aliases: ["hot stone"], durationMinutes: 60, priceCents: 9000, requiresPayment: true }],
  });
  await claimChannels(db, server.businessId!, { twilioNumbers: [SALON.number] });
  await claimChannels(db, spaId, { twilioNumbers: [SPA.number] });
  await db.update(businesses).set({ stripeAccountId: SALON.account }).where(eq(businesses.id, server.businessId!));
  await db.update(businesses).set({ stripeAccountId: SPA.account }).where(eq(businesses.id, spaId));
  spa = { id: spaId, apiKey: (await issueApiKey(db, spaId, clock.now())).apiKey };
}, 60_000);
afterAll(async () => {
  await stripe.close();
  await server.close();
});

async function textTo(to: string, from: string, body: string): Promise<string[]> {
  const form = twilioForm({ from, to, body });
  const target = { serverUrl: "", publicBaseUrl: PUBLIC_BASE_URL, authToken: AUTH_TOKEN };
  const res = await request(server.app).post("/webhooks/twilio").type("form").set("X-Twilio-Signature", signatureFor(target, "/webhooks/twilio", form)).send(form);
  expect(res.status).toBe(200);
  return readTwimlMessages(res.text);
}

/** The customer asks for a paid service at the business's number, says yes, and gets a link: its Checkout Session id. */
async function hold(to: string, phone: string, ask: string): Promise<string> {
  const [question] = await textTo(to, phone, ask);
  expect(question).toMatch(/\? \(yes\/no\)$/);
  const replies = await textTo(to, phone, "yes");
  const reply = replies[replies.length - 1]!;
  expect(reply).toMatch(/^Held for you/);
  server.clock.advanceMinutes(1);
  return reply.split("\n").pop()!.slice(`${stripe.url}/pay/`.length);
}

function deliver(event: FakeStripeEvent, secret = FAKE_STRIPE_CONNECT_WEBHOOK_SECRET) {
  const { body, signature } = stripe.signedWebhook(event, secret);
  return request(server.app).post("/webhooks/stripe").set("Content-Type", "application/json").set("Stripe-Signature", signature).send(body);
}

async function paymentOfSession(sessionId: string) {
  const [row] = await server.database.db.select().from(payments).where(eq(payments.checkoutSessionId, sessionId));
  return row!;
}

async function bookingOfPayment(paymentId: string) {
  const [row] = await server.database.db.select().from(bookings).where(eq(bookings.paymentId, paymentId));
  return row!;
}

describe("a business paid through Stripe Connect", () => {
  it("has its Checkout Session created on its connected account", async () => {
    const mark = stripe.requests.length;
    const sessionId = await hold(SPA.number, newPhone(), "hot stone massage tomorrow at 10am");
    const created = stripe.requests.slice(mark).filter((r) => r.path === "/v1/checkout/sessions");
    expect(created).toEqual([expect.objectContaining({ stripeAccount: SPA.account, status: 200 })]);
    expect(stripe.accountOf(sessionId)).toBe(SPA.account);
    expect(await paymentOfSession(sessionId)).toMatchObject({ businessId: spa.id, stripeAccountId: SPA.account });
  });

  it("confirms its booking on an event of its account signed with the Connect secret, and refunds a cancellation to the account the money went to", async () => {
    const sessionId = await hold(SPA.number, newPhone(), "hot stone massage tomorrow at 1pm");
    const event = stripe.complete(sessionId);
    expect(event.account).toBe(SPA.account);
    const res = await deliver(event);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, outcome: "applied" });
    const payment = await paymentOfSession(sessionId);
    const booking = await bookingOfPayment(payment.id);
    expect(booking).toMatchObject({ businessId: spa.id, status: "confirmed", paymentStatus: "paid" });

    // The business moves to another account later: the refund still goes where the money is.
    await server.database.db.update(businesses).set({ stripeAccountId: "acct_1SpaConnectNew00001" }).where(eq(businesses.id, spa.id));
    const mark = stripe.requests.length;
    const cancelled = await request(server.app).post(`/admin/bookings/${booking.id}/cancel`).set("Authorization", `Bearer ${spa.apiKey}`).send({ reason: "Therapist ill" });
    expect(cancelled.status).toBe(200);
    const refunds = stripe.requests.slice(mark).filter((r) => r.path === "/v1/refunds");
    expect(refunds).toEqual([expect.objectContaining({ stripeAccount: SPA.account, status: 200, body: expect.objectContaining({ payment_intent: stripe.sessions.get(sessionId)!.payment_intent, amount: "9000" }) })]);
    expect(await paymentOfSession(sessionId)).toMatchObject({ status: "refunded", refundedCents: 9000 });
    await server.database.db.update(businesses).set({ stripeAccountId: SPA.account }).where(eq(businesses.id, spa.id));
  });

  it("closes an unpaid link on the connected account when the booking is cancelled first", async () => {
    const sessionId = await hold(SPA.number, newPhone(), "hot stone massage tomorrow at 3pm");
    const booking = await bookingOfPayment((await paymentOfSession(sessionId)).id);
    const mark = stripe.requests.length;
    const res = await request(server.app).post(`/admin/bookings/${booking.id}/cancel`).set("Authorization", `Bearer ${spa.apiKey}`).send({});
    expect(res.status).toBe(200);
    expect(stripe.requests.slice(mark).filter((r) => r.path.endsWith("/expire"))).toEqual([expect.objectContaining({ stripeAccount: SPA.account, status: 200 })]);
    expect(stripe.sessions.get(sessionId)!.status).toBe("expired");
  });

  it("is never touched by an event of another business's account", async () => {
    const sessionId = await hold(SALON.number, newPhone(), "colour treatment tomorrow at 10am");
    const payment = await paymentOfSession(sessionId);
    expect(payment.stripeAccountId).toBe(SALON.account);
    const genuine = stripe.complete(sessionId);
    const res = await deliver({ ...genuine, id: `${genuine.id}_spa`, account: SPA.account });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, outcome: "ignored" });
    expect(await paymentOfSession(sessionId)).toMatchObject({ status: "pending" });
    expect(await bookingOfPayment(payment.id)).toMatchObject({ status: "pending_payment" });

    // The salon's own event, as Stripe sends it, confirms it.
    expect((await deliver(genuine)).body).toEqual({ received: true, outcome: "applied" });
    expect(await bookingOfPayment(payment.id)).toMatchObject({ status: "confirmed" });
  });

  it("refuses an event signed with neither the platform's nor the Connect endpoint's secret", async () => {
    const event = stripe.event("charge.refunded", { id: "ch_1" }, SPA.account);
    expect((await deliver(event, "whsec_someone_else_0123456789abcdef")).status).toBe(400);
    expect((await deliver(event, FAKE_STRIPE_WEBHOOK_SECRET)).body).toEqual({ received: true, outcome: "ignored" });
  });
});

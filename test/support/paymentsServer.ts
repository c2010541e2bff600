/**
 * The admin server with Stripe configured against the local fake Stripe API, both on one clock;
 * customers who book paid services by text, and Stripe's webhook deliveries: events signed with
 * the webhook secret by stripe's own helper, POSTed to /webhooks/stripe.
 */
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import request from "supertest";
import { payments, refunds } from "../../src/db/schema";
import { ManualClock } from "../../src/clock";
import {
  FAKE_STRIPE_WEBHOOK_SECRET,
  type FakeCheckoutSession,
  type FakeStripeApi,
  type FakeStripeEvent,
  type RecordedStripeRequest,
  startFakeStripeApi,
} from "../fakes/stripeApi";
import { type AdminServer, MONDAY_8AM, type Message, startAdminServer } from "./adminClient";

export interface Hold {
  /** The reply that carries the payment link. */
  reply: string;
  /** The link: the reply's last line. */
  url: string;
  session: FakeCheckoutSession;
}

export interface PaymentsServer extends AdminServer {
  stripe: FakeStripeApi;
  /** Delivers an event as Stripe would (signed raw body); returns the response. */
  deliver(event: FakeStripeEvent): Promise<request.Response>;
  /** The Checkout Session behind a payment link the customer was sent. */
  sessionOf(url: string): FakeCheckoutSession;
  /** A customer asks for a paid service ("<what> <when>"), says yes, and gets a payment link. */
  holdByText(phone: string, ask: string): Promise<Hold>;
  /** The customer pays on the link's page and Stripe delivers checkout.session.completed; returns the event. */
  pay(hold: Hold): Promise<FakeStripeEvent>;
  /** The clock moves a minute past the phone's (first) hold and the jobs run then, by POST /admin/jobs/run { now }; returns the counts. */
  runJobsAfterHold(phone: string): Promise<Record<string, number>>;
  /** The messages sent to the phone, oldest first. */
  sentTo(phone: string): Promise<Message[]>;
  /**
   * Waits (at most 5 s) until the calls to Stripe that requests left for after their answer — a
   * refund decided by a cancellation by text, a payment page to close — have been made or failed.
   */
  settled(): Promise<void>;
  /** What the fake Stripe received from index `from` on, e.g. `since(mark)` after `const mark = stripe.requests.length`. */
  stripeRequestsSince(from: number, path?: string): RecordedStripeRequest[];
}

/** `env` adds variables to the server's (e.g. TRUST_PROXY, SESSION_SECRET). */
export async function startPaymentsServer(options: { now?: string; env?: Record<string, string> } = {}): Promise<PaymentsServer> {
  const clock = new ManualClock(options.now ?? MONDAY_8AM);
  const stripe = await startFakeStripeApi({ clock });
  const server = await startAdminServer({
    clock,
    env: { ...options.env, STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: FAKE_STRIPE_WEBHOOK_SECRET, STRIPE_API_BASE: stripe.url },
  });
  const payPage = `${stripe.url}/pay/`;

  const deliver = (event: FakeStripeEvent) => {
    const { body, signature } = stripe.signedWebhook(event);
    return request(server.app).post("/webhooks/stripe").set("Content-Type", "application/json").set("Stripe-Signature", signature).send(body);
  };

  const sessionOf = (url: string) => {
    const session = url.startsWith(payPage) ? stripe.sessions.get(url.slice(payPage.length)) : undefined;
    if (!session) throw new Error(`no Checkout Session behind ${url}`);
    return session;
  };

  const holdByText = async (phone: string, ask: string): Promise<Hold> => {
    const [question] = await server.text(phone, ask);
    expect(question).toMatch(/\? \(yes\/no\)$/);
    const replies = await server.text(phone, "yes");
    const reply = replies[replies.length - 1]!;
    expect(reply).toMatch(/^Held for you/);
    const url = reply.split("\n").pop()!;
    // What happens next (payment, jobs, staff) happens a minute later, so the message log sorts after.
    clock.advanceMinutes(1);
    return { reply, url, session: sessionOf(url) };
  };

  const pay = async (hold: Hold) => {
    const event = stripe.complete(hold.session.id);
    const res = await deliver(event);
    expect(res.status).toBe(200);
    clock.advanceMinutes(1);
    return event;
  };

  const runJobsAfterHold = async (phone: string) => {
    const [held] = await server.bookings({ phone });
    if (!held?.holdExpiresAt) throw new Error(`${phone} holds nothing`);
    clock.set(new Date(Date.parse(held.holdExpiresAt) + 60_000));
    const res = await server.admin.post("/admin/jobs/run", { now: clock.now().toISOString() });
    expect(res.status).toBe(200);
    return res.body as Record<string, number>;
  };

  const sentTo = async (phone: string) => (await server.messagesOf(phone)).filter((m) => m.direction === "out");

  const settled = async () => {
    for (let tries = 0; tries < 100; tries++) {
      const [open] = await server.database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(refunds)
        // Not yet tried, or in flight; one that failed keeps its reason and waits for the jobs.
        .where(and(eq(refunds.status, "pending"), isNull(refunds.lastError)));
      const [closing] = await server.database.db.select({ n: sql<number>`count(*)::int` }).from(payments).where(and(isNotNull(payments.closeRequestedAt), eq(payments.status, "pending"), isNotNull(payments.checkoutSessionId)));
      if (open!.n === 0 && closing!.n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("Stripe calls left for after an answer were not made within 5 s");
  };

  const stripeRequestsSince = (from: number, path?: string) => stripe.requests.slice(from).filter((r) => path === undefined || r.path === path);

  return {
    ...server,
    stripe,
    deliver,
    sessionOf,
    holdByText,
    pay,
    runJobsAfterHold,
    sentTo,
    stripeRequestsSince,
    settled,
    close: async () => {
      await stripe.close();
      await server.close();
    },
  };
}

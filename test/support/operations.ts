/**
 * What an operation spec runs against: a real test database (PGlite, or PostgreSQL with
 * DATABASE_URL), a ManualClock, a real BookingService and a real PaymentService. With `stripe`, the
 * payment gateway is the real Stripe gateway pointed at the local fake Stripe API (on the same
 * clock); without, there is no gateway and paid services are paid at the appointment.
 */
import { collectingAfterCommit, runCalls } from "../../src/afterCommit";
import { type Booking, BookingService } from "../../src/booking/bookingService";
import { findOrCreateCustomer } from "../../src/booking/customers";
import { getBusiness } from "../../src/booking/business";
import { getService } from "../../src/booking/schedulingData";
import { ManualClock } from "../../src/clock";
import { BY_TEST } from "./actor";
import type { Tx } from "../../src/db/client";
import { createLogger } from "../../src/logger";
import type { BusinessContext, OperationContext } from "../../src/operations/context";
import type { BookInput, SlotOffer } from "../../src/operations/types";
import type { PaymentEvent, PaymentGateway } from "../../src/payments/gateway";
import { PaymentService } from "../../src/payments/paymentService";
import { createStripeGateway } from "../../src/payments/stripeGateway";
import { FAKE_STRIPE_WEBHOOK_SECRET, type FakeStripeApi, type FakeStripeEvent, startFakeStripeApi } from "../fakes/stripeApi";
import { type TestDatabase, createTestDatabase } from "./database";

/** Monday 2 March 2026, 08:00 in New York (EST; clocks go forward on Sunday 8 March). */
export const MONDAY_8AM = "2026-03-02T13:00:00Z";

export interface OperationsWorld {
  database: TestDatabase;
  clock: ManualClock;
  bookingService: BookingService;
  payments: PaymentService;
  /** The fake Stripe API behind the gateway (only in a world started with `stripe: true`). */
  stripe: FakeStripeApi | undefined;
  /** Runs `op` in a transaction of its own, as the chat, the admin API and the jobs do. */
  run<T>(op: (ctx: OperationContext) => Promise<T>): Promise<T>;
  /** The same, on behalf of one business. */
  runFor<T>(businessId: string, op: (ctx: BusinessContext) => Promise<T>): Promise<T>;
  /** The operation context over a transaction the test opened itself. */
  contextOf(tx: Tx): OperationContext;
  /** A customer of the business, created on first use. */
  customer(businessId: string, phone: string): Promise<string>;
  /** A fake Stripe event as the gateway reads it from a signed webhook (the wire format, verified). */
  received(event: FakeStripeEvent): PaymentEvent;
  close(): Promise<void>;
}

/** `stripeTimeoutMs`: the gateway's bound per request, shorter than Stripe's 10 s for tests of timeouts. */
export async function startOperationsWorld(options: { stripe?: boolean; stripeTimeoutMs?: number } = {}): Promise<OperationsWorld> {
  const database = await createTestDatabase();
  const clock = new ManualClock(MONDAY_8AM);
  const stripe = options.stripe ? await startFakeStripeApi({ clock }) : undefined;
  const gateway: PaymentGateway | undefined = stripe
    ? createStripeGateway({ secretKey: stripe.secretKey, webhookSecret: FAKE_STRIPE_WEBHOOK_SECRET, apiBase: stripe.url, timeoutMs: options.stripeTimeoutMs })
    : undefined;
  const bookingService = new BookingService(clock);
  const payments = new PaymentService({ gateway, database, bookingService, clock, logger: createLogger("silent"), publicBaseUrl: "http://slotline.test" });
  const contextOf = (tx: Tx): OperationContext => ({ tx, bookingService, payments, clock, actor: BY_TEST });

  return {
    database,
    clock,
    bookingService,
    payments,
    stripe,
    contextOf,
    run: (op) => committed(() => database.db.transaction((tx) => op(contextOf(tx)))),
    runFor: (businessId, op) => committed(() => database.db.transaction(async (tx) => op({ ...contextOf(tx), business: await getBusiness(tx, businessId) }))),
    customer: async (businessId, phone) => (await findOrCreateCustomer(database.db, businessId, phone)).id,
    received: (event) => {
      if (!stripe || !gateway) throw new Error("this world has no Stripe");
      const { body, signature } = stripe.signedWebhook(event);
      return gateway.parseWebhook(Buffer.from(body), signature);
    },
    close: async () => {
      await stripe?.close();
      await database.destroy();
    },
  };
}

/** As every real caller does: the provider calls the work decided (a Checkout to open, a refund) run once it committed. */
async function committed<T>(work: () => Promise<T>): Promise<T> {
  const { result, after } = await collectingAfterCommit(work);
  await runCalls(after, (error) => {
    throw error;
  });
  return result;
}

/** Runs on PostgreSQL only: PGlite has a single connection, so two transactions cannot wait on each other. */
export const onPostgres = Boolean(process.env.DATABASE_URL && process.env.DATABASE_URL !== "memory://");

/** A request to book `sessions` (ISO starts, each with its staff member) of a service. */
export function bookInput(serviceId: string, sessions: SlotOffer[], extra: Partial<BookInput> = {}): BookInput {
  return { mode: "book", serviceId, sessions, planId: null, firstSessionNumber: 1, target: null, promoCode: null, ...extra };
}

/**
 * Sessions of a plan, booked confirmed through the booking core: a new plan of the service, or
 * more sessions of `planId` from `firstSessionNumber` on. Returns the plan's id and the bookings.
 */
export async function bookPlanSessions(
  world: OperationsWorld,
  p: { businessId: string; serviceId: string; customerId: string; starts: string[]; planId?: string; firstSessionNumber?: number },
): Promise<{ planId: string; sessions: Booking[] }> {
  return world.run(async ({ tx, bookingService }) => {
    const service = await getService(tx, p.businessId, p.serviceId);
    const planId = p.planId ?? (await bookingService.createPlan(tx, { businessId: p.businessId, customerId: p.customerId, service }));
    const sessions = await bookingService.book(tx, { by: BY_TEST, 
      businessId: p.businessId,
      serviceId: p.serviceId,
      customerId: p.customerId,
      sessions: p.starts.map((start) => ({ start: new Date(start) })),
      status: "confirmed",
      plan: { id: planId, firstSessionNumber: p.firstSessionNumber ?? 1, totalSessions: service.totalSessions! },
    });
    return { planId, sessions };
  });
}

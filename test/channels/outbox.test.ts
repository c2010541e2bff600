import { eq, inArray } from "drizzle-orm";
import pino from "pino";
import { findOrCreateCustomer } from "../../src/booking/customers";
import { createSender } from "../../src/channels/senderFromConfig";
import { MAX_ATTEMPTS, Notifier } from "../../src/channels/outbox";
import { ManualClock } from "../../src/clock";
import { loadConfig } from "../../src/config/config";
import { conversations, customers, messages } from "../../src/db/schema";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { createBusiness } from "../support/factories";
import { type FakeTwilioApi, startFakeTwilioApi } from "../fakes/twilioApi";

const SMS_FROM = "+15550001111";
const WHATSAPP_FROM = "whatsapp:+15550002222";
const STATUS_CALLBACK = "https://bot.example.test/webhooks/twilio/status";
const START = "2026-03-02T13:00:00Z";

let database: TestDatabase;
let fake: FakeTwilioApi;
let businessId: string;
let clock: ManualClock;
let notifier: Notifier;
let phoneCounter = 0;

const silent = pino({ level: "silent" });
const twilioConfig = () =>
  loadConfig({
    TWILIO_ACCOUNT_SID: fake.accountSid,
    TWILIO_AUTH_TOKEN: fake.authToken,
    TWILIO_SMS_FROM: SMS_FROM,
    TWILIO_WHATSAPP_FROM: WHATSAPP_FROM,
    TWILIO_API_BASE: fake.url,
  });
const twilioNotifier = (options: { claimBatchSize?: number } = {}) =>
  new Notifier({ sender: createSender(twilioConfig(), silent), clock, logger: silent, statusCallbackUrl: STATUS_CALLBACK, ...options });

beforeAll(async () => {
  [database, fake] = await Promise.all([createTestDatabase(), startFakeTwilioApi()]);
  ({ businessId } = await createBusiness(database.db, { services: [] }));
});
afterAll(async () => {
  await Promise.all([database.destroy(), fake.close()]);
});
beforeEach(async () => {
  // deliver() takes every due message, so each test starts with an empty outbox.
  await database.db.delete(messages);
  fake.reset();
  clock = new ManualClock(START);
  notifier = twilioNotifier();
});

async function newCustomer(options: { optedOut?: boolean } = {}) {
  const phone = `+1555300${String(++phoneCounter).padStart(4, "0")}`;
  const customer = await findOrCreateCustomer(database.db, businessId, phone);
  if (options.optedOut) await database.db.update(customers).set({ optedOutAt: clock.now() }).where(eq(customers.id, customer.id));
  return { id: customer.id, phone };
}

/** Queues one message in a transaction of its own, as a caller would with its business change. */
function enqueue(customerId: string, body: string, channel?: "sms" | "whatsapp") {
  return database.db.transaction((tx) => notifier.enqueue(tx, { businessId, customerId, body, channel }));
}

async function row(messageId: string) {
  const [found] = await database.db.select().from(messages).where(eq(messages.id, messageId));
  return found!;
}

describe("Notifier: the outbox", () => {
  it("sends through Twilio when it is configured and records Twilio's SID", async () => {
    const customer = await newCustomer();
    const { messageId, status } = await enqueue(customer.id, "Your haircut is confirmed");
    expect(status).toBe("queued");
    expect(await row(messageId)).toMatchObject({ status: "queued", direction: "out", channel: "sms", provider: "twilio", address: customer.phone, attempts: 0, nextAttemptAt: clock.now() });

    expect(await notifier.deliver(database.db, [messageId])).toBe(1);

    expect(fake.messages).toEqual([expect.objectContaining({ to: customer.phone, from: SMS_FROM, body: "Your haircut is confirmed", statusCallback: `${STATUS_CALLBACK}?message=${messageId}` })]);
    expect(await row(messageId)).toMatchObject({ status: "sent", provider: "twilio", providerMessageId: fake.messages[0]!.sid, attempts: 1, nextAttemptAt: null, errorCode: null });
  });

  it("records the message as logged, and prints it, when no provider is configured", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    notifier = new Notifier({ sender: createSender(loadConfig({}), logger), clock, logger });
    const customer = await newCustomer();

    const { messageId } = await enqueue(customer.id, "Reminder: Haircut tomorrow at 10:00");
    expect(await notifier.deliver(database.db)).toBe(1);

    expect(await row(messageId)).toMatchObject({ status: "logged", provider: "log", providerMessageId: null, attempts: 1 });
    expect(lines).toContainEqual(expect.objectContaining({ to: customer.phone, channel: "sms", body: "Reminder: Haircut tomorrow at 10:00" }));
    expect(fake.attempts).toBe(0);
  });

  it("records a message to an opted-out customer as suppressed and never sends it", async () => {
    const customer = await newCustomer({ optedOut: true });

    const { messageId, status } = await enqueue(customer.id, "Your booking was cancelled");
    clock.advanceMinutes(60);

    expect(status).toBe("suppressed");
    expect(await notifier.deliver(database.db)).toBe(0);
    expect(await row(messageId)).toMatchObject({ status: "suppressed", attempts: 0, nextAttemptAt: null });
    expect(fake.attempts).toBe(0);
  });

  it("suppresses a queued message when the customer opts out before it goes out", async () => {
    const customer = await newCustomer();
    const { messageId } = await enqueue(customer.id, "Reminder");
    await database.db.update(customers).set({ optedOutAt: clock.now() }).where(eq(customers.id, customer.id));

    expect(await notifier.deliver(database.db)).toBe(0);

    expect((await row(messageId)).status).toBe("suppressed");
    expect(fake.attempts).toBe(0);
  });

  it("retries after a Twilio outage once the backoff has passed, and sends the message once", async () => {
    const customer = await newCustomer();
    const { messageId } = await enqueue(customer.id, "See you tomorrow");
    fake.failNext(1, { status: 500, code: 20500 });

    expect(await notifier.deliver(database.db)).toBe(0);
    expect(await row(messageId)).toMatchObject({ status: "retrying", attempts: 1, errorCode: "20500", nextAttemptAt: new Date("2026-03-02T13:01:00Z") });

    clock.advanceMinutes(0.5);
    expect(await notifier.deliver(database.db)).toBe(0);
    expect(fake.attempts).toBe(1);

    clock.advanceMinutes(0.5);
    expect(await notifier.deliver(database.db)).toBe(1);
    expect(fake.attempts).toBe(2);
    expect(fake.messages).toHaveLength(1);
    expect(await row(messageId)).toMatchObject({ status: "sent", attempts: 2, errorCode: null, providerMessageId: fake.messages[0]!.sid });
  });

  it("backs off 1, 2, 4 and 8 minutes, and gives up after five attempts", async () => {
    const customer = await newCustomer();
    const { messageId } = await enqueue(customer.id, "Reminder");
    fake.failNext(MAX_ATTEMPTS, { status: 503, code: 20503 });

    const waits: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await notifier.deliver(database.db);
      const current = await row(messageId);
      expect(current.attempts).toBe(attempt);
      if (current.status !== "retrying") break;
      const wait = (current.nextAttemptAt!.getTime() - clock.now().getTime()) / 60_000;
      waits.push(wait);
      clock.advanceMinutes(wait);
    }

    expect(waits).toEqual([1, 2, 4, 8]);
    expect(await row(messageId)).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, errorCode: "20503", nextAttemptAt: null });
    clock.advanceMinutes(60);
    expect(await notifier.deliver(database.db)).toBe(0);
    expect(fake.attempts).toBe(MAX_ATTEMPTS);
  });

  it("fails at once, with Twilio's code, when the number is invalid (400, 21211)", async () => {
    const customer = await newCustomer();
    const { messageId } = await enqueue(customer.id, "Hi");
    fake.failNext(1, { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });

    expect(await notifier.deliver(database.db)).toBe(0);
    clock.advanceMinutes(60);
    expect(await notifier.deliver(database.db)).toBe(0);

    expect(await row(messageId)).toMatchObject({ status: "failed", errorCode: "21211", attempts: 1, providerMessageId: null });
    expect(fake.attempts).toBe(1);
  });

  it("sends each message exactly once when two deliverers run at the same time", async () => {
    fake.setLatency(15);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const customer = await newCustomer();
      ids.push((await enqueue(customer.id, `message ${i}`)).messageId);
    }
    // Small batches, so the two interleave claim by claim instead of one taking everything.
    const [one, two] = [twilioNotifier({ claimBatchSize: 2 }), twilioNotifier({ claimBatchSize: 2 })];

    const [a, b] = await Promise.all([one.deliver(database.db), two.deliver(database.db)]);

    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(a + b).toBe(12);
    expect(fake.messages.map((m) => m.body).sort()).toEqual(ids.map((_, i) => `message ${i}`).sort());
    const rows = await database.db.select().from(messages).where(inArray(messages.id, ids));
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("sends on WhatsApp, from the WhatsApp sender, when the customer last talked there", async () => {
    const customer = await newCustomer();
    // Within WhatsApp's 24-hour window: the customer wrote an hour ago.
    await database.db.update(customers).set({ lastInboundAt: new Date(clock.now().getTime() - 3_600_000) }).where(eq(customers.id, customer.id));
    await database.db.insert(conversations).values([
      { businessId, customerId: customer.id, channel: "sms", lastActivityAt: new Date("2026-03-01T10:00:00Z") },
      { businessId, customerId: customer.id, channel: "whatsapp", lastActivityAt: new Date("2026-03-02T09:00:00Z") },
    ]);
    const [whatsapp] = await database.db.select().from(conversations).where(eq(conversations.channel, "whatsapp"));

    const { messageId } = await enqueue(customer.id, "Your booking moved");
    expect(await notifier.deliver(database.db, [messageId])).toBe(1);

    expect(fake.messages).toEqual([expect.objectContaining({ to: `whatsapp:${customer.phone}`, from: WHATSAPP_FROM, body: "Your booking moved" })]);
    expect(await row(messageId)).toMatchObject({ channel: "whatsapp", address: `whatsapp:${customer.phone}`, conversationId: whatsapp!.id, status: "sent" });
  });

  it("sends a WhatsApp notice outside the 24-hour window by SMS when SMS can be sent", async () => {
    const customer = await newCustomer();
    await database.db.update(customers).set({ lastInboundAt: new Date(clock.now().getTime() - 30 * 3_600_000) }).where(eq(customers.id, customer.id));
    await database.db.insert(conversations).values({ businessId, customerId: customer.id, channel: "whatsapp" });
    const { messageId } = await enqueue(customer.id, "Reminder: tomorrow at 10");
    expect(await notifier.deliver(database.db, [messageId])).toBe(1);
    expect(fake.messages).toEqual([expect.objectContaining({ to: customer.phone, from: SMS_FROM })]);
    expect(await row(messageId)).toMatchObject({ channel: "sms", status: "sent" });
  });

  it("uses the channel the caller names over the latest conversation", async () => {
    const customer = await newCustomer();
    await database.db.insert(conversations).values({ businessId, customerId: customer.id, channel: "whatsapp" });

    const { messageId } = await enqueue(customer.id, "By text", "sms");
    await notifier.deliver(database.db, [messageId]);

    expect(fake.messages[0]).toMatchObject({ to: customer.phone, from: SMS_FROM });
    expect(await row(messageId)).toMatchObject({ channel: "sms", conversationId: null });
  });

  it("writes nothing when the caller's transaction rolls back", async () => {
    const customer = await newCustomer();
    await expect(
      database.db.transaction(async (tx) => {
        await notifier.enqueue(tx, { businessId, customerId: customer.id, body: "never" });
        throw new Error("the business change failed");
      }),
    ).rejects.toThrow("the business change failed");

    expect(await notifier.deliver(database.db)).toBe(0);
    expect(await database.db.select().from(messages)).toHaveLength(0);
  });

  it("delivers only the messages it is given when ids are passed", async () => {
    const customer = await newCustomer();
    const first = await enqueue(customer.id, "first");
    const second = await enqueue(customer.id, "second");

    expect(await notifier.deliver(database.db, [first.messageId])).toBe(1);

    expect(fake.messages.map((m) => m.body)).toEqual(["first"]);
    expect((await row(second.messageId)).status).toBe("queued");
  });

  it("sends messages queued together in the order they were queued", async () => {
    const customer = await newCustomer();
    await database.db.transaction(async (tx) => {
      for (const body of ["one", "two", "three"]) await notifier.enqueue(tx, { businessId, customerId: customer.id, body });
    });

    expect(await notifier.deliver(database.db)).toBe(3);
    expect(fake.messages.map((m) => m.body)).toEqual(["one", "two", "three"]);
  });

  it("takes over a message left sending by a process that died, once its lease has run out", async () => {
    const customer = await newCustomer();
    const { messageId } = await enqueue(customer.id, "Reminder");
    // What a claim leaves behind: the process then died before recording the outcome.
    await database.db
      .update(messages)
      .set({ status: "sending", attempts: 1, nextAttemptAt: new Date("2026-03-02T13:10:00Z") })
      .where(eq(messages.id, messageId));

    clock.advanceMinutes(9);
    expect(await notifier.deliver(database.db)).toBe(0);
    clock.advanceMinutes(1);
    expect(await notifier.deliver(database.db)).toBe(1);

    expect(await row(messageId)).toMatchObject({ status: "sent", attempts: 2 });
    expect(fake.messages).toHaveLength(1);
  });

  it("gives up on a message abandoned mid-send on its last attempt", async () => {
    const customer = await newCustomer();
    const { messageId } = await enqueue(customer.id, "Reminder");
    await database.db
      .update(messages)
      .set({ status: "sending", attempts: MAX_ATTEMPTS, nextAttemptAt: new Date("2026-03-02T13:10:00Z") })
      .where(eq(messages.id, messageId));

    clock.advanceMinutes(10);
    expect(await notifier.deliver(database.db)).toBe(0);

    expect(await row(messageId)).toMatchObject({ status: "failed", errorCode: "send_interrupted" });
    expect(fake.attempts).toBe(0);
  });
});

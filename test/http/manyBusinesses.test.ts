/**
 * Two businesses on one deployment, each claiming its own Twilio number and WhatsApp phone number
 * id: a message is answered by the business whose address it was sent to, books with it, and the
 * business's own messages leave from its own addresses. A number no business claims is
 * acknowledged, unanswered, with a warning that names it.
 */
import { Writable } from "node:stream";
import { and, eq } from "drizzle-orm";
import pino from "pino";
import request from "supertest";
import type { Express } from "express";
import { ManualClock } from "../../src/clock";
import { loadConfig } from "../../src/config/config";
import { bookings, customers, messages } from "../../src/db/schema";
import { createDemoBusiness } from "../../src/demo/demoBusiness";
import { UNANSWERED_HEADER } from "../../src/http/twilioWebhook";
import { createApp } from "../../src/server";
import { buildServices } from "../../src/services";
import { issueApiKey } from "../../src/tenancy/apiKeys";
import { claimChannels } from "../../src/tenancy/channels";
import { readTwimlMessages, signatureFor, twilioForm } from "../../scripts/twilioClient";
import { FAKE_APP_SECRET, FAKE_PHONE_NUMBER_ID, FAKE_WHATSAPP_TOKEN, type FakeGraphApi, inboundDelivery, metaSignature, startFakeGraphApi } from "../fakes/graphApi";
import { FAKE_ACCOUNT_SID, type FakeTwilioApi, startFakeTwilioApi } from "../fakes/twilioApi";
import { createBusiness } from "../support/factories";
import { type TestDatabase, createTestDatabase } from "../support/database";

const AUTH_TOKEN = "test-auth-token-0123456789abcdef";
const PUBLIC_BASE_URL = "https://bot.example.test";
/** The deployment's own senders, used by a business that claims none. */
const PLATFORM_SMS_FROM = "+15550000000";
const SALON = { number: "+15550001001", whatsapp: "100000000000001" };
const SPA = { number: "+15550002002", whatsapp: "200000000000002" };
const NOBODYS = { number: "+15550003003", whatsapp: "300000000000003" };

let database: TestDatabase;
let app: Express;
let twilioApi: FakeTwilioApi;
let graph: FakeGraphApi;
let clock: ManualClock;
let salon: { id: string; apiKey: string };
let spa: { id: string; apiKey: string };
let logLines: { level: number; msg: string; [key: string]: unknown }[] = [];
let phoneCounter = 0;
const newPhone = () => `+1555601${String(++phoneCounter).padStart(4, "0")}`;

beforeAll(async () => {
  database = await createTestDatabase();
  twilioApi = await startFakeTwilioApi({ accountSid: FAKE_ACCOUNT_SID, authToken: AUTH_TOKEN });
  graph = await startFakeGraphApi({ phoneNumberIds: [FAKE_PHONE_NUMBER_ID, SALON.whatsapp, SPA.whatsapp] });
  clock = new ManualClock("2026-03-02T13:00:00Z"); // Monday 08:00 in New York
  const salonId = await createDemoBusiness(database.db);
  const { businessId: spaId } = await createBusiness(database.db, {
    business: { name: "Harbour Spa" },
    services: [{ name: "Deep tissue massage", aliases: ["massage"], durationMinutes: 60, priceCents: 8000 }],
  });
  await claimChannels(database.db, salonId, { twilioNumbers: [SALON.number], whatsappPhoneNumberId: SALON.whatsapp });
  await claimChannels(database.db, spaId, { twilioNumbers: [SPA.number], whatsappPhoneNumberId: SPA.whatsapp });
  salon = { id: salonId, apiKey: (await issueApiKey(database.db, salonId, clock.now())).apiKey };
  spa = { id: spaId, apiKey: (await issueApiKey(database.db, spaId, clock.now())).apiKey };
  const config = loadConfig({
    TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_SMS_FROM: PLATFORM_SMS_FROM,
    TWILIO_API_BASE: twilioApi.url,
    WHATSAPP_TOKEN: FAKE_WHATSAPP_TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: FAKE_PHONE_NUMBER_ID,
    WHATSAPP_APP_SECRET: FAKE_APP_SECRET,
    WHATSAPP_API_BASE: graph.url,
    PUBLIC_BASE_URL,
  });
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  app = createApp({ config, database, clock, logger: pino({ level: "warn" }, sink) });
}, 60_000);
afterAll(async () => {
  await twilioApi.close();
  await graph.close();
  await database.destroy();
});
beforeEach(() => {
  logLines = [];
});

/** A signed Twilio message webhook from `from` to the number `to`. */
function textTo(to: string, from: string, body: string) {
  const form = twilioForm({ from, to, body });
  const target = { serverUrl: "", publicBaseUrl: PUBLIC_BASE_URL, authToken: AUTH_TOKEN };
  return request(app).post("/webhooks/twilio").type("form").set("X-Twilio-Signature", signatureFor(target, "/webhooks/twilio", form)).send(form);
}

async function repliesTo(to: string, from: string, body: string): Promise<string[]> {
  const res = await textTo(to, from, body);
  expect(res.status).toBe(200);
  return readTwimlMessages(res.text);
}

const warnings = () => logLines.filter((l) => l.level === 40);

async function customersWith(phone: string) {
  return database.db.select().from(customers).where(eq(customers.phone, phone));
}

async function bookingsOf(businessId: string, phone: string) {
  const [customer] = await database.db.select().from(customers).where(and(eq(customers.businessId, businessId), eq(customers.phone, phone)));
  return customer ? database.db.select().from(bookings).where(eq(bookings.customerId, customer.id)) : [];
}

describe("a text to a business's own number", () => {
  it("is answered by that business, with its own services", async () => {
    const phone = newPhone();
    const [atTheSpa] = await repliesTo(SPA.number, phone, "hi");
    expect(atTheSpa).toContain("Deep tissue massage");
    expect(atTheSpa).not.toContain("Haircut");
    const [atTheSalon] = await repliesTo(SALON.number, newPhone(), "hi");
    expect(atTheSalon).toContain("Haircut");
    expect(atTheSalon).not.toContain("Deep tissue massage");
  });

  it("books with that business", async () => {
    const phone = newPhone();
    const [summary] = await repliesTo(SPA.number, phone, "massage tomorrow at 10am");
    expect(summary).toMatch(/^Deep tissue massage: Tue 3 Mar, 10:00 with Alex, \$80\.00\. Book it\? \(yes\/no\)$/);
    const [booked] = await repliesTo(SPA.number, phone, "yes");
    expect(booked).toMatch(/^Booked: Deep tissue massage, Tue 3 Mar, 10:00/);
    expect(await bookingsOf(spa.id, phone)).toEqual([expect.objectContaining({ businessId: spa.id, status: "confirmed" })]);
    expect(await bookingsOf(salon.id, phone)).toEqual([]);
  });

  it("from one phone to both businesses is two customers, each with a conversation of their own", async () => {
    const phone = newPhone();
    await repliesTo(SALON.number, phone, "haircut tomorrow at 3pm");
    // Mid-question at the salon, the spa still greets this customer from the start.
    const [atTheSpa] = await repliesTo(SPA.number, phone, "hi");
    expect(atTheSpa).toContain("Deep tissue massage");
    const [booked] = await repliesTo(SALON.number, phone, "yes");
    expect(booked).toMatch(/^Booked: Haircut, Tue 3 Mar, 15:00/);
    const rows = await customersWith(phone);
    expect(rows.map((c) => c.businessId).sort()).toEqual([salon.id, spa.id].sort());
    expect(await bookingsOf(spa.id, phone)).toEqual([]);
    expect(await bookingsOf(salon.id, phone)).toHaveLength(1);
  });

  it("on Twilio's WhatsApp is routed by To without its whatsapp: prefix", async () => {
    const phone = newPhone();
    const [reply] = await repliesTo(`whatsapp:${SPA.number}`, `whatsapp:${phone}`, "hi");
    expect(reply).toContain("Deep tissue massage");
    expect((await customersWith(phone)).map((c) => c.businessId)).toEqual([spa.id]);
  });
});

describe("a text to a number no business claims, with several businesses", () => {
  it("is answered 200 with an empty TwiML, marked unanswered, stored nowhere, and logged naming the number", async () => {
    const phone = newPhone();
    const res = await textTo(NOBODYS.number, phone, "hi");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/xml/);
    expect(res.text).toMatch(/<Response\/>$/);
    expect(res.headers[UNANSWERED_HEADER]).toBe("unclaimed-address");
    expect(warnings()).toEqual([expect.objectContaining({ to: NOBODYS.number, msg: expect.stringContaining(`No business claims the number ${NOBODYS.number}`) })]);
    expect(await customersWith(phone)).toEqual([]);
  });
});

describe("messages a business sends on its own", () => {
  it("leave from the business's own Twilio number (a staff cancellation notice)", async () => {
    const phone = newPhone();
    await repliesTo(SPA.number, phone, "massage tomorrow at 11am");
    await repliesTo(SPA.number, phone, "yes");
    const [booking] = await bookingsOf(spa.id, phone);
    twilioApi.reset();
    const res = await request(app).post(`/admin/bookings/${booking!.id}/cancel`).set("Authorization", `Bearer ${spa.apiKey}`).send({ reason: "Therapist ill" });
    expect(res.status).toBe(200);
    await waitFor(() => twilioApi.messages.some((m) => m.to === phone));
    expect(twilioApi.messages.filter((m) => m.to === phone)).toEqual([expect.objectContaining({ from: SPA.number, body: expect.stringContaining("Deep tissue massage") })]);
  });

  it("leave from the deployment's number for a business that claims none", async () => {
    const { businessId } = await createBusiness(database.db, { business: { name: "Quiet Studio" }, services: [{ name: "Yoga", durationMinutes: 60 }] });
    const phone = newPhone();
    const [customer] = await database.db.insert(customers).values({ businessId, phone }).returning();
    const { notifier } = buildServices({ config: loadConfig({ TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_SMS_FROM: PLATFORM_SMS_FROM, TWILIO_API_BASE: twilioApi.url, PUBLIC_BASE_URL }), database, clock, logger: pino({ level: "silent" }) });
    const { messageId } = await database.db.transaction((tx) => notifier.enqueue(tx, { businessId, customerId: customer!.id, body: "See you soon", channel: "sms" }));
    await notifier.deliver(database.db, [messageId]);
    expect(twilioApi.messages.filter((m) => m.to === phone)).toEqual([expect.objectContaining({ from: PLATFORM_SMS_FROM })]);
  });
});

describe("WhatsApp through Meta's Cloud API", () => {
  function deliver(body: string) {
    return request(app).post("/webhooks/whatsapp").set("content-type", "application/json").set("x-hub-signature-256", metaSignature(FAKE_APP_SECRET, body)).send(body);
  }

  it("routes by the phone number id written to, and answers from that business's phone number id", async () => {
    const waId = `1555602${String(++phoneCounter).padStart(4, "0")}`;
    const res = await deliver(inboundDelivery(waId, { type: "text", text: { body: "hi" } }, { phoneNumberId: SPA.whatsapp }).body);
    expect(res.status).toBe(200);
    await waitFor(() => graph.messages.some((m) => m.body.to === waId));
    const [reply] = graph.messages.filter((m) => m.body.to === waId);
    expect(reply!.phoneNumberId).toBe(SPA.whatsapp);
    // The services follow as list rows; the greeting names the business.
    expect(graph.textsTo(waId)[0]).toContain("This is Harbour Spa");
    const rows = await database.db.select().from(messages).where(and(eq(messages.direction, "in"), eq(messages.address, `whatsapp:+${waId}`)));
    expect(rows.map((m) => m.businessId)).toEqual([spa.id]);
  });

  it("acknowledges a message to a phone number id no business claims, stores nothing, and logs the id", async () => {
    const waId = `1555602${String(++phoneCounter).padStart(4, "0")}`;
    const res = await deliver(inboundDelivery(waId, { type: "text", text: { body: "hi" } }, { phoneNumberId: NOBODYS.whatsapp }).body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true });
    expect(warnings()).toEqual([expect.objectContaining({ phoneNumberId: NOBODYS.whatsapp, msg: expect.stringContaining(NOBODYS.whatsapp) })]);
    expect(await customersWith(`+${waId}`)).toEqual([]);
  });
});

async function waitFor(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

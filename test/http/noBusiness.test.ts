/**
 * Messages that arrive before any business is set up (SEED_DEMO=0, nothing created yet): the
 * webhooks acknowledge them, store nothing, and log a warning that says what to do.
 */
import { Writable } from "node:stream";
import pino from "pino";
import request from "supertest";
import type { Express } from "express";
import { ManualClock } from "../../src/clock";
import { loadConfig } from "../../src/config/config";
import { messages } from "../../src/db/schema";
import { UNANSWERED_HEADER } from "../../src/http/twilioWebhook";
import { createApp } from "../../src/server";
import { signatureFor, twilioForm } from "../../scripts/twilioClient";
import { FAKE_APP_SECRET, inboundDelivery, metaSignature } from "../fakes/graphApi";
import { type TestDatabase, createTestDatabase } from "../support/database";

const AUTH_TOKEN = "test-auth-token-0123456789abcdef";
const PUBLIC_BASE_URL = "https://bot.example.test";

let database: TestDatabase;
let app: Express;
let logLines: { level: number; msg: string }[];

beforeAll(async () => {
  database = await createTestDatabase();
  const config = loadConfig({ SEED_DEMO: "0", TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL, WHATSAPP_APP_SECRET: FAKE_APP_SECRET });
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  app = createApp({ config, database, clock: new ManualClock("2026-03-02T13:00:00Z"), logger: pino({ level: "info" }, sink) });
});
beforeEach(() => {
  logLines = [];
});
afterAll(async () => {
  await database.destroy();
});

const warnings = () => logLines.filter((l) => l.level === 40).map((l) => l.msg);

describe("a message before any business is set up", () => {
  it("is answered on the Twilio webhook with 200 and an empty TwiML, marked unanswered, stored nowhere, and logged with what to do", async () => {
    const form = twilioForm({ from: "+15552000001", body: "hi" });
    const target = { serverUrl: "", publicBaseUrl: PUBLIC_BASE_URL, authToken: AUTH_TOKEN };
    const res = await request(app).post("/webhooks/twilio").type("form").set("X-Twilio-Signature", signatureFor(target, "/webhooks/twilio", form)).send(form);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/xml/);
    expect(res.text).toMatch(/<Response\/>$/);
    expect(res.headers[UNANSWERED_HEADER]).toBe("no-business");
    expect(warnings()).toEqual([expect.stringMatching(/^No business is set up yet.*PATCH \/admin\/business.*SEED_DEMO=1/)]);
    expect(await database.db.select().from(messages)).toEqual([]);
  });

  it("is acknowledged on the WhatsApp webhook with 200, stored nowhere, and logged with what to do", async () => {
    const { body } = inboundDelivery("15552000002", { type: "text", text: { body: "hi" } });
    const res = await request(app).post("/webhooks/whatsapp").set("content-type", "application/json").set("x-hub-signature-256", metaSignature(FAKE_APP_SECRET, body)).send(body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true });
    expect(warnings()).toEqual([expect.stringMatching(/^No business is set up yet.*PATCH \/admin\/business/)]);
    expect(await database.db.select().from(messages)).toEqual([]);
  });
});

/**
 * GET /internal/chat/outbound: what `npm run chat` polls to show the bot's own messages (a staff
 * notice here) while its customer is idle; this machine only, with the server's local token.
 */
import request from "supertest";
import type { Express } from "express";
import { ManualClock } from "../../src/clock";
import { loadConfig } from "../../src/config/config";
import { createDemoBusiness } from "../../src/demo/demoBusiness";
import { LOCAL_TOKEN_HEADER } from "../../src/http/localJobs";
import { createLogger } from "../../src/logger";
import { createApp } from "../../src/server";
import { readTwimlMessages, signatureFor, twilioForm } from "../../scripts/twilioClient";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { MANAGE_LINK } from "../support/manageLinks";

const TOKEN = "local-token-for-this-test";
const ADMIN_TOKEN = "test-admin-token-5f0c2a9e71d84b3c";
const AUTH_TOKEN = "test-auth-token-0123456789abcdef";
const PUBLIC_BASE_URL = "https://bot.example.test";
const PHONE = "+15552100001";
const START = "2026-03-02T13:00:00.000Z";
/** The chat asks for what came after it started, a moment before the test's first message. */
const CHAT_STARTED = "2026-03-02T12:59:59.000Z";

let database: TestDatabase;
let app: Express;
let clock: ManualClock;

beforeAll(async () => {
  database = await createTestDatabase();
  await createDemoBusiness(database.db);
  clock = new ManualClock(START);
  const config = loadConfig({ ADMIN_TOKEN, TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL });
  app = createApp({ config, database, clock, logger: createLogger("silent"), localJobsToken: TOKEN });
});
afterAll(async () => {
  await database.destroy();
});

async function text(body: string): Promise<string[]> {
  const form = twilioForm({ from: PHONE, body });
  const target = { serverUrl: "", publicBaseUrl: PUBLIC_BASE_URL, authToken: AUTH_TOKEN };
  const res = await request(app).post("/webhooks/twilio").type("form").set("X-Twilio-Signature", signatureFor(target, "/webhooks/twilio", form)).send(form);
  return readTwimlMessages(res.text);
}

const feed = (phone: string, after: string, token: string | null = TOKEN) => {
  const req = request(app).get(`/internal/chat/outbound?phone=${encodeURIComponent(phone)}&after=${encodeURIComponent(after)}`);
  return token === null ? req : req.set(LOCAL_TOKEN_HEADER, token);
};

async function feedUntil(count: number): Promise<{ body: string; channel: string }[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const items = (await feed(PHONE, CHAT_STARTED)).body.items as { body: string; channel: string }[];
    if (items.length >= count || Date.now() > deadline) return items;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("GET /internal/chat/outbound", () => {
  it("lists what the bot sent the phone on its own, not the replies it gave in the webhook's answer", async () => {
    expect(await text("haircut tomorrow at 3pm")).toHaveLength(1);
    expect(await text("yes")).toEqual([expect.stringMatching(/^Booked/), MANAGE_LINK]);
    expect((await feed(PHONE, CHAT_STARTED)).body).toEqual({ items: [] });

    const bookings = await request(app).get(`/admin/bookings?phone=${encodeURIComponent(PHONE)}`).set("Authorization", `Bearer ${ADMIN_TOKEN}`);
    const cancel = await request(app).post(`/admin/bookings/${bookings.body.items[0].id}/cancel`).set("Authorization", `Bearer ${ADMIN_TOKEN}`).send({});
    expect(cancel.status).toBe(200);
    const items = await feedUntil(1);
    expect(items).toEqual([expect.objectContaining({ channel: "sms", body: expect.stringMatching(/has been cancelled by the business/) })]);

    clock.advanceMinutes(1);
    expect((await feed(PHONE, clock.now().toISOString())).body).toEqual({ items: [] });
    expect((await feed("+15552100002", CHAT_STARTED)).body).toEqual({ items: [] });
  });

  it("refuses a caller without the server's local token (403), and a bad query (400)", async () => {
    expect((await feed(PHONE, CHAT_STARTED, null)).status).toBe(403);
    expect((await feed(PHONE, CHAT_STARTED, "guess")).status).toBe(403);
    expect((await feed("5551234", "yesterday")).status).toBe(400);
  });
});

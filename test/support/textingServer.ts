/**
 * The real express app on a test database, and a customer who texts it through signed Twilio
 * webhooks (twilio's own signing helper), as Twilio would.
 */
import request from "supertest";
import { eq } from "drizzle-orm";
import type { Express } from "express";
import { ManualClock } from "../../src/clock";
import { type Config, loadConfig } from "../../src/config/config";
import { bookings, customers } from "../../src/db/schema";
import { createDemoBusiness } from "../../src/demo/demoBusiness";
import { createLogger } from "../../src/logger";
import { createApp } from "../../src/server";
import { readTwimlMessages, signatureFor, twilioForm } from "../../scripts/twilioClient";
import { type TestDatabase, createTestDatabase } from "./database";

export const AUTH_TOKEN = "test-auth-token-0123456789abcdef";
export const PUBLIC_BASE_URL = "https://bot.example.test";

export interface TextingServer {
  app: Express;
  database: TestDatabase;
  clock: ManualClock;
  config: Config;
  businessId: string;
  /** Sends one signed message; returns the reply texts (empty for an empty TwiML). */
  text(from: string, body: string, extra?: { messageSid?: string; numMedia?: number }): Promise<string[]>;
  /** The raw response, for status codes and headers. */
  post(form: Record<string, string>, signature?: string): Promise<request.Response>;
  /** The bookings of the customer with this phone, by start time (none for an unknown number). */
  bookingsOf(phone: string): Promise<(typeof bookings.$inferSelect)[]>;
  close(): Promise<void>;
}

export async function startTextingServer(now = "2026-03-02T13:00:00Z"): Promise<TextingServer> {
  const database = await createTestDatabase();
  const businessId = await createDemoBusiness(database.db);
  const clock = new ManualClock(now);
  const config = loadConfig({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL });
  const app = createApp({ config, database, clock, logger: createLogger("silent") });
  const target = { serverUrl: "", publicBaseUrl: PUBLIC_BASE_URL, authToken: AUTH_TOKEN };

  const post = (form: Record<string, string>, signature?: string) => {
    const req = request(app).post("/webhooks/twilio").type("form");
    return (signature === undefined ? req : req.set("X-Twilio-Signature", signature)).send(form);
  };
  const text = async (from: string, body: string, extra: { messageSid?: string; numMedia?: number } = {}) => {
    const form = twilioForm({ from, body, ...extra });
    const res = await post(form, signatureFor(target, "/webhooks/twilio", form));
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${res.text}`);
    return readTwimlMessages(res.text);
  };
  const bookingsOf = async (phone: string) => {
    const [customer] = await database.db.select().from(customers).where(eq(customers.phone, phone));
    return customer ? database.db.select().from(bookings).where(eq(bookings.customerId, customer.id)).orderBy(bookings.startAt) : [];
  };
  return { app, database, clock, config, businessId, text, post, bookingsOf, close: () => database.destroy() };
}

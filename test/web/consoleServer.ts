/**
 * The real app listening on a port, for a browser: a test database with the demo business, a
 * ManualClock, ADMIN_TOKEN for the operator's calls, and customers who text it through signed
 * Twilio webhooks. PUBLIC_BASE_URL is the server's own address, so invitation links open in the browser.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import request from "supertest";
import { loadSessionSecret } from "../../src/accounts/deploymentSecret";
import { manageToken } from "../../src/accounts/manageTokens";
import { ManualClock } from "../../src/clock";
import { loadConfig } from "../../src/config/config";
import { createDemoBusiness } from "../../src/demo/demoBusiness";
import { createLogger } from "../../src/logger";
import { createApp } from "../../src/server";
import { readTwimlMessages, signatureFor, twilioForm } from "../../scripts/twilioClient";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { FAKE_STRIPE_WEBHOOK_SECRET, type FakeStripeApi, type FakeStripeEvent, startFakeStripeApi } from "../fakes/stripeApi";

export const ADMIN_TOKEN = "test-admin-token-5f0c2a9e71d84b3c";
const AUTH_TOKEN = "test-auth-token-0123456789abcdef";

export interface ConsoleServer {
  baseUrl: string;
  clock: ManualClock;
  database: TestDatabase;
  /** An /admin call with the operator's bearer token. */
  admin(method: "get" | "post" | "patch", path: string, body?: object): Promise<request.Response>;
  /** One signed customer text; the reply texts. */
  text(from: string, body: string): Promise<string[]>;
  /** The bodies of the messages sent to a customer, in the log's order. */
  outgoing(phone: string): Promise<string[]>;
  /** Invites a console user (POST /admin/users, expected 201); the one-time link. */
  invite(body: { email: string; name: string; role: string; staffId?: string }): Promise<string>;
  /** A booking's manage link (PUBLIC_BASE_URL/m/<token>), signed with the secret the app itself uses. */
  manageUrl(bookingId: string): Promise<string>;
  /** With `{ stripe: true }`: the local fake Stripe the app takes payments through. */
  stripe?: FakeStripeApi;
  /** Delivers a Stripe event to the app as Stripe would (signed with the webhook secret). */
  deliverStripeEvent(event: FakeStripeEvent): Promise<request.Response>;
  close(): Promise<void>;
}

/** `stripe`: take payments through a local fake Stripe (the demo's paid services then go to Checkout). */
export async function startConsoleServer(now: string, options: { stripe?: boolean } = {}): Promise<ConsoleServer> {
  const database = await createTestDatabase();
  await createDemoBusiness(database.db);
  const clock = new ManualClock(now);
  const stripe = options.stripe ? await startFakeStripeApi({ clock }) : undefined;
  // The port comes first, the app second: its config needs its own address.
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const payments = stripe ? { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: FAKE_STRIPE_WEBHOOK_SECRET, STRIPE_API_BASE: stripe.url } : {};
  const config = loadConfig({ ADMIN_TOKEN, TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: baseUrl, ...payments });
  const app = createApp({ config, database, clock, logger: createLogger("silent") });
  handler = app;

  const admin = (method: "get" | "post" | "patch", path: string, body?: object) => {
    const req = request(app)[method](path).set("Authorization", `Bearer ${ADMIN_TOKEN}`);
    return body === undefined ? req : req.send(body);
  };
  const target = { serverUrl: "", publicBaseUrl: baseUrl, authToken: AUTH_TOKEN };
  const text = async (from: string, body: string) => {
    const form = twilioForm({ from, body });
    const res = await request(app).post("/webhooks/twilio").type("form").set("X-Twilio-Signature", signatureFor(target, "/webhooks/twilio", form)).send(form);
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${res.text}`);
    return readTwimlMessages(res.text);
  };
  const outgoing = async (phone: string) => {
    const res = await admin("get", `/admin/messages?phone=${encodeURIComponent(phone)}`);
    return (res.body.items as { direction: string; body: string }[]).filter((m) => m.direction === "out").map((m) => m.body);
  };
  const invite = async (body: object) => {
    const res = await admin("post", "/admin/users", body);
    if (res.status !== 201) throw new Error(`POST /admin/users answered ${res.status}: ${res.text}`);
    return res.body.inviteUrl as string;
  };
  // SESSION_SECRET is unset: the app signs links with the one it keeps in the database, as here.
  const manageUrl = async (bookingId: string) =>
    `${baseUrl}/m/${manageToken(await loadSessionSecret(database.db, config.sessionSecret, clock.now()), bookingId)}`;
  const deliverStripeEvent = async (event: FakeStripeEvent) => {
    if (!stripe) throw new Error("started without { stripe: true }");
    const { body, signature } = stripe.signedWebhook(event);
    return request(app).post("/webhooks/stripe").set("Content-Type", "application/json").set("Stripe-Signature", signature).send(body);
  };
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await stripe?.close();
    await database.destroy();
  };
  return { baseUrl, clock, database, admin, text, outgoing, invite, manageUrl, stripe, deliverStripeEvent, close };
}

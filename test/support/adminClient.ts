/**
 * The real express app on a test database with the admin API on, an operator who calls it with
 * the bearer token, and customers who text it through signed Twilio webhooks.
 */
import request from "supertest";
import type { Express } from "express";
import { ManualClock } from "../../src/clock";
import { type Config, loadConfig } from "../../src/config/config";
import { createDemoBusiness } from "../../src/demo/demoBusiness";
import { type Logger, createLogger } from "../../src/logger";
import { createApp } from "../../src/server";
import { readTwimlMessages, signatureFor, twilioForm } from "../../scripts/twilioClient";
import { type TestDatabase, createTestDatabase } from "./database";

export const ADMIN_TOKEN = "test-admin-token-5f0c2a9e71d84b3c";
export const AUTH_TOKEN = "test-auth-token-0123456789abcdef";
export const PUBLIC_BASE_URL = "https://bot.example.test";
/** Monday 2 March 2026, 08:00 in New York (EST, -05:00): "tomorrow" is Tuesday 3 March. */
export const MONDAY_8AM = "2026-03-02T13:00:00Z";

type Method = "get" | "post" | "patch" | "put" | "delete";

export interface AdminCalls {
  get(path: string): request.Test;
  post(path: string, body?: unknown): request.Test;
  patch(path: string, body?: unknown): request.Test;
  put(path: string, body?: unknown): request.Test;
  /** Any method, with any Authorization header (or none). */
  raw(method: Method, path: string, authorization?: string): request.Test;
}

export interface Message {
  direction: "in" | "out";
  channel: string;
  body: string;
  status: string;
  createdAt: string;
}

export interface BookingJson {
  id: string;
  serviceId: string;
  staffId: string;
  customer: { phone: string; name: string | null };
  start: string;
  end: string;
  status: string;
  sessionGroupId: string | null;
  sessionNumber: number | null;
  totalSessions: number | null;
  holdExpiresAt: string | null;
  rescheduleCount: number;
  payment: { status: string; amountCents: number; currency: string; url: string | null; refundedCents: number; cancellationFeeCents: number | null };
}

export interface AdminServer {
  app: Express;
  database: TestDatabase;
  clock: ManualClock;
  config: Config;
  /** The demo business's id, when the server was started with it. */
  businessId: string | undefined;
  admin: AdminCalls;
  /** Sends one signed customer message; returns the reply texts. */
  text(from: string, body: string): Promise<string[]>;
  /** GET /admin/messages?phone= */
  messagesOf(phone: string): Promise<Message[]>;
  /** GET /admin/bookings with a query. */
  bookings(query?: Record<string, string>): Promise<BookingJson[]>;
  /** A second app on the same database, with another config (e.g. without ADMIN_TOKEN). */
  appWith(env: Record<string, string | undefined>): Express;
  close(): Promise<void>;
}

/**
 * `env` adds variables to the server's (e.g. Stripe's keys and a fake's URL); `clock` lets a fake
 * started first share the server's time; `logger` captures what the server logs (silent by default).
 */
export async function startAdminServer(options: { demo?: boolean; now?: string; clock?: ManualClock; env?: Record<string, string>; logger?: Logger } = {}): Promise<AdminServer> {
  const database = await createTestDatabase();
  const businessId = options.demo === false ? undefined : await createDemoBusiness(database.db);
  const clock = options.clock ?? new ManualClock(options.now ?? MONDAY_8AM);
  const baseEnv = { ADMIN_TOKEN, TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL, ...options.env };
  const config = loadConfig(baseEnv);
  const logger = options.logger ?? createLogger("silent");
  const app = createApp({ config, database, clock, logger });
  const target = { serverUrl: "", publicBaseUrl: PUBLIC_BASE_URL, authToken: AUTH_TOKEN };

  const authorized = (method: Method, path: string) => request(app)[method](path).set("Authorization", `Bearer ${ADMIN_TOKEN}`);
  const withBody = (method: Method) => (path: string, body?: unknown) => {
    const req = authorized(method, path);
    return body === undefined ? req : req.send(body as object);
  };
  const admin: AdminCalls = {
    get: (path) => authorized("get", path),
    post: withBody("post"),
    patch: withBody("patch"),
    put: withBody("put"),
    raw: (method, path, authorization) => {
      const req = request(app)[method](path);
      return authorization === undefined ? req : req.set("Authorization", authorization);
    },
  };

  const text = async (from: string, body: string) => {
    const form = twilioForm({ from, body });
    const res = await request(app).post("/webhooks/twilio").type("form").set("X-Twilio-Signature", signatureFor(target, "/webhooks/twilio", form)).send(form);
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${res.text}`);
    return readTwimlMessages(res.text);
  };

  const messagesOf = async (phone: string) => {
    const res = await admin.get(`/admin/messages?phone=${encodeURIComponent(phone)}`);
    if (res.status !== 200) throw new Error(`GET /admin/messages answered ${res.status}: ${res.text}`);
    return (res.body as { items: Message[] }).items;
  };

  const bookings = async (query: Record<string, string> = {}) => {
    const res = await admin.get(`/admin/bookings?${new URLSearchParams(query).toString()}`);
    if (res.status !== 200) throw new Error(`GET /admin/bookings answered ${res.status}: ${res.text}`);
    return (res.body as { items: BookingJson[] }).items;
  };

  const appWith = (env: Record<string, string | undefined>) => createApp({ config: loadConfig({ ...baseEnv, ...env }), database, clock, logger });

  return { app, database, clock, config, businessId, admin, text, messagesOf, bookings, appWith, close: () => database.destroy() };
}

/** Asserts an RFC 9457 problem response and returns its body. */
export function expectProblem(res: request.Response, status: number): { type: string; title: string; status: number; detail?: string; errors?: { field: string; message: string }[] } {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(expect.objectContaining({ status, title: expect.any(String), type: expect.any(String) }));
  expect(res.body.title.length).toBeGreaterThan(0);
  return res.body;
}

/** The fields a 400 names, sorted. */
export function fieldsOf(res: request.Response): string[] {
  const body = expectProblem(res, 400);
  expect(Array.isArray(body.errors)).toBe(true);
  for (const e of body.errors!) expect(typeof e.message).toBe("string");
  return [...new Set(body.errors!.map((e) => e.field))].sort();
}

let phoneCounter = 0;
/** A fresh E.164 number per call, distinct across files run in one worker (the prefix varies per file). */
export function phoneMaker(prefix: string): () => string {
  return () => `+1${prefix}${String(++phoneCounter).padStart(4, "0")}`;
}

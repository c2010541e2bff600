/**
 * Webhook benchmark: signed Twilio message webhooks from 200 simulated customers, each running a
 * whole booking conversation ("hi" → service number → "<day> at <time>" → "yes", answering "1"
 * when offered alternatives), against the real app (createApp) on the bench database, over real
 * loopback HTTP with keep-alive. In the same run, the same messages go to a bare express handler
 * that only parses the form, checks the signature and answers empty TwiML: the floor.
 *
 * Prints `webhook full p50 X ms p99 Y ms Z msg/s`, `webhook floor p50 … msg/s`,
 * `webhook ratio R` (full ÷ floor throughput) and one informational line. Fails (after printing)
 * when a request failed or a customer did not end up with exactly one confirmed booking.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { and, eq, inArray } from "drizzle-orm";
import express from "express";
import twilio from "twilio";
import { DateTime } from "luxon";
import { type LocalDate, addLocalDays, weekdayOf, zonedInstant } from "../../src/booking/time";
import { ManualClock } from "../../src/clock";
import { loadConfig } from "../../src/config/config";
import type { Db } from "../../src/db/client";
import { bookings, customers } from "../../src/db/schema";
import { createDemoBusiness } from "../../src/demo/demoBusiness";
import { createLogger } from "../../src/logger";
import { createApp } from "../../src/server";
import { readTwimlMessages, signatureFor, twilioForm } from "../twilioClient";
import { createBenchDatabase } from "./database";
import { ms, summarize, type Summary } from "./stats";

/** Monday 2 March 2026, 08:00 in New York: every customer books on the days that follow. */
export const NOW = "2026-03-02T13:00:00.000Z";
const TIMEZONE = "America/New_York";
export const AUTH_TOKEN = "bench-auth-token-0123456789abcdef";
export const PUBLIC_BASE_URL = "https://bot.bench.test";
const WEBHOOK_PATH = "/webhooks/twilio";

export const CUSTOMERS = 200;
/** Customers in flight at once; each customer's own messages go one after another. */
export const CONCURRENCY = 24;
export const WARMUP_CUSTOMERS = 8;
/** A conversation that has not booked after this many messages has gone wrong. */
const MAX_MESSAGES_PER_CUSTOMER = 16;
/** Every this-many-th customer asks for a Sunday, when nobody works, and takes an offered alternative. */
const SUNDAY_EVERY = 20;
const REQUEST_TIMEOUT_MS = 30_000;
/** The floor is replayed this many times; the median pass is reported. Odd. */
const FLOOR_PASSES = 3;
const SEED = 20260302;

/**
 * The demo salon's hours (src/demo/demoBusiness.ts): Alex Mon–Fri 09–17, Sam Tue–Sat 10–18.
 * Only used to spread the wanted times over free cells; the conversation itself reacts to what
 * the bot says, so a change to the demo costs "wanted slot" hits, not correctness.
 */
const STAFF_HOURS: { weekdays: number[]; start: number; end: number }[] = [
  { weekdays: [1, 2, 3, 4, 5], start: 9 * 60, end: 17 * 60 },
  { weekdays: [2, 3, 4, 5, 6], start: 10 * 60, end: 18 * 60 },
];
const SERVICE_MINUTES = 30;
/**
 * The wanted times spread over this many days from Tuesday 3 March (two working weeks and a half):
 * 280 (day, half-hour) cells that somebody works, so 190 customers leave the calendar with slack.
 */
export const PLAN_DAYS = 18;

interface Want {
  /** What the customer texts at the date step. */
  text: string;
  /** The local date and minute asked for, when it is a working time (not the Sunday askers). */
  date: LocalDate;
  minute: number;
  sunday: boolean;
}

export interface Customer {
  phone: string;
  /** The number texted (Twilio's `To`): the business's own, on a deployment of several. */
  to?: string;
  want: Want;
  /** Varies the customer's choices among offered alternatives. */
  seed: number;
}

export interface Sent {
  ms: number;
  ok: boolean;
}

export interface ConversationOutcome {
  /** The bodies sent, in order: replayed against the floor. */
  bodies: string[];
  /** "> sent" and "< replied" lines, shown when the conversation went wrong. */
  transcript: string[];
  booked: boolean;
  /** The first summary offered the wanted time. */
  gotWanted: boolean;
  /** Went through a list of numbered alternatives at least once. */
  tookAlternative: boolean;
  error?: string;
}

export interface PhaseResult {
  failures: number;
  wallMs: number;
  summary: Summary;
  perSecond: number;
}

export async function run(): Promise<void> {
  const setupStarted = performance.now();
  const embedded = !process.env.DATABASE_URL || process.env.DATABASE_URL === "memory://";
  if (embedded) console.log("webhook: note: DATABASE_URL is unset, so these figures are for the embedded engine (PGlite in memory), not a PostgreSQL server");
  const database = await createBenchDatabase();
  const servers: Server[] = [];
  try {
    const businessId = await createDemoBusiness(database.db);
    const clock = new ManualClock(NOW);
    const config = loadConfig({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL, LOG_LEVEL: "silent" });
    const fullServer = await listen(createApp({ config, database, clock, logger: createLogger("silent") }));
    servers.push(fullServer);
    const floorServer = await listen(floorApp());
    servers.push(floorServer);
    const fullUrl = urlOf(fullServer);
    const floorUrl = urlOf(floorServer);

    const measured = planCustomers(CUSTOMERS, "+1555300", 1);
    const warmup = planCustomers(WARMUP_CUSTOMERS, "+1555399", 1 + PLAN_DAYS + 1);
    const setupMs = performance.now() - setupStarted;

    // Warm both paths (JIT, connection pools, keep-alive sockets) before anything is timed.
    const warmupSent: Sent[] = [];
    const warmupOutcomes = await runPool(warmup, CONCURRENCY, (c) => converse(fullUrl, c, warmupSent));
    const warmupReplays = warmupOutcomes.map((o, i) => ({ phone: warmup[i]!.phone, bodies: o.bodies }));
    for (let pass = 0; pass < 3; pass++) await runPool(warmupReplays, CONCURRENCY, (c) => replay(floorUrl, c, warmupSent));

    // The full path: whole conversations, reacting to each reply.
    const fullSent: Sent[] = [];
    const fullStarted = performance.now();
    const outcomes = await runPool(measured, CONCURRENCY, (c) => converse(fullUrl, c, fullSent));
    const full = phase(fullSent, performance.now() - fullStarted);

    // The floor: the same customers sending the same messages in the same order and concurrency.
    // It takes about a tenth of the full run, so it runs FLOOR_PASSES times and the median pass
    // (by throughput) counts: one burst of other work on the machine cannot make the ratio.
    const replays = outcomes.map((o, i) => ({ phone: measured[i]!.phone, bodies: o.bodies }));
    const floorPasses: PhaseResult[] = [];
    for (let pass = 0; pass < FLOOR_PASSES; pass++) {
      const sent: Sent[] = [];
      const started = performance.now();
      await runPool(replays, CONCURRENCY, (c) => replay(floorUrl, c, sent));
      floorPasses.push(phase(sent, performance.now() - started));
    }
    const floor = [...floorPasses].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(FLOOR_PASSES / 2)]!;
    const floorFailures = floorPasses.reduce((sum, p) => sum + p.failures, 0);

    const booked = await confirmedBookings(database.db, businessId, measured);
    const ratio = full.perSecond / floor.perSecond;
    console.log(`webhook full p50 ${ms(full.summary.p50)} ms p99 ${ms(full.summary.p99)} ms ${full.perSecond.toFixed(1)} msg/s`);
    console.log(`webhook floor p50 ${ms(floor.summary.p50)} ms p99 ${ms(floor.summary.p99)} ms ${floor.perSecond.toFixed(1)} msg/s`);
    console.log(`webhook ratio ${ratio.toFixed(2)}`);

    const conversationErrors = outcomes.filter((o) => o.error !== undefined);
    const gotWanted = outcomes.filter((o) => o.gotWanted).length;
    const viaAlternatives = outcomes.filter((o) => o.tookAlternative).length;
    const sundays = measured.filter((c) => c.want.sunday).length;
    console.log(
      `webhook: ${CUSTOMERS} customers, ${CONCURRENCY} in flight, ${database.label}${embedded ? " (embedded engine)" : ""}; ` +
        `full ${full.summary.count} messages in ${ms(full.wallMs)} ms (mean ${ms(full.summary.mean)} p95 ${ms(full.summary.p95)} max ${ms(full.summary.max)} ms, ${full.failures} failed), ` +
        `floor ${floor.summary.count} messages in ${ms(floor.wallMs)} ms (mean ${ms(floor.summary.mean)} p95 ${ms(floor.summary.p95)} max ${ms(floor.summary.max)} ms; ` +
        `median of ${FLOOR_PASSES} passes at ${floorPasses.map((p) => p.perSecond.toFixed(0)).join(", ")} msg/s, ${floorFailures} failed); ` +
        `${booked.confirmed} confirmed bookings for ${booked.customersWithOne}/${CUSTOMERS} customers (${booked.atWanted} at the wanted time, ` +
        `${gotWanted} offered it first, ${viaAlternatives} through numbered alternatives, ${sundays} asked for a Sunday); ` +
        `${WARMUP_CUSTOMERS} warm-up conversations first; targets: ratio >= 0.40, p99 < 100 ms; setup ${ms(setupMs)} ms`,
    );

    const problems: string[] = [];
    const warmupFailures = warmupSent.filter((s) => !s.ok).length + warmupOutcomes.filter((o) => o.error !== undefined).length;
    if (warmupFailures > 0) problems.push(`${warmupFailures} warm-up requests or conversations failed`);
    if (full.failures > 0) problems.push(`${full.failures} full-path requests failed`);
    if (floorFailures > 0) problems.push(`${floorFailures} floor requests failed`);
    if (conversationErrors.length > 0) {
      const first = conversationErrors[0]!;
      problems.push(`${conversationErrors.length} conversations went wrong, e.g. ${first.error}\n${first.transcript.join("\n")}`);
    }
    if (booked.customersWithOne !== CUSTOMERS || booked.confirmed !== CUSTOMERS) {
      problems.push(`expected one confirmed booking for each of ${CUSTOMERS} customers, found ${booked.confirmed} for ${booked.customersWithOne}`);
    }
    if (problems.length > 0) throw new Error(`webhook bench: ${problems.join("; ")}`);
  } finally {
    for (const server of servers) await close(server);
    await database.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// The load

/**
 * One customer's whole conversation. Each reply decides the next message: a summary is answered
 * "yes", numbered alternatives with a number ("1" the first time); "Booked:" ends it.
 */
export async function converse(baseUrl: string, customer: Customer, sent: Sent[]): Promise<ConversationOutcome> {
  const outcome: ConversationOutcome = { bodies: [], transcript: [], booked: false, gotWanted: false, tookAlternative: false };
  const say = async (body: string): Promise<string> => {
    outcome.bodies.push(body);
    const result = await post(baseUrl, customer.phone, body, customer.to);
    sent.push({ ms: result.ms, ok: result.ok });
    if (!result.ok) throw new Error(`${customer.phone} "${body}": ${result.detail}`);
    const reply = readTwimlMessages(result.text).join("\n");
    outcome.transcript.push(`> ${body}`, `< ${reply}`);
    return reply;
  };
  try {
    const greeting = await say("hi");
    const haircut = numberedLines(greeting).findIndex((line) => line.endsWith(") Haircut")) + 1;
    if (haircut === 0) throw new Error(`no Haircut in the greeting: ${JSON.stringify(greeting)}`);
    const askDate = await say(String(haircut));
    if (!askDate.startsWith("Haircut: what day and time")) throw new Error(`unexpected reply to the service number: ${JSON.stringify(askDate)}`);
    let reply = await say(customer.want.text);
    let alternatives = 0;
    if (isSummary(reply) && !customer.want.sunday && reply.includes(formatWhen(customer.want))) outcome.gotWanted = true;
    while (!outcome.booked) {
      if (outcome.bodies.length >= MAX_MESSAGES_PER_CUSTOMER) throw new Error(`not booked after ${outcome.bodies.length} messages; last reply ${JSON.stringify(reply)}`);
      if (/^Booked: /m.test(reply)) outcome.booked = true;
      else if (isSummary(reply)) reply = await say("yes");
      else if (numberedLines(reply).length > 0) {
        // The first list is answered "1". A customer who lost a race for a time already picks
        // another of the offered ones, as people do, so losers don't chase each other through
        // the same nearest free times.
        const choice = alternatives === 0 ? 1 : 1 + ((customer.seed + alternatives) % numberedLines(reply).length);
        alternatives++;
        outcome.tookAlternative = true;
        reply = await say(String(choice));
      } else throw new Error(`unexpected reply: ${JSON.stringify(reply)}`);
    }
  } catch (error) {
    outcome.error = error instanceof Error ? error.message : String(error);
  }
  return outcome;
}

/** The floor's load: the same bodies from the same number, one after another. */
async function replay(baseUrl: string, customer: { phone: string; bodies: string[] }, sent: Sent[]): Promise<void> {
  for (const body of customer.bodies) {
    const result = await post(baseUrl, customer.phone, body);
    const ok = result.ok && readTwimlMessages(result.text).length === 0;
    sent.push({ ms: result.ms, ok });
    if (!ok) return;
  }
}

/** One signed webhook; the latency covers the request and reading the whole answer, not the signing. */
async function post(baseUrl: string, phone: string, body: string, to?: string): Promise<{ ok: boolean; ms: number; text: string; detail: string }> {
  const form = twilioForm({ from: phone, body, to });
  const signature = signatureFor({ serverUrl: baseUrl, publicBaseUrl: PUBLIC_BASE_URL, authToken: AUTH_TOKEN }, WEBHOOK_PATH, form);
  const payload = new URLSearchParams(form).toString();
  const started = performance.now();
  try {
    const response = await fetch(baseUrl + WEBHOOK_PATH, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
      body: payload,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const elapsed = performance.now() - started;
    return { ok: response.status === 200, ms: elapsed, text, detail: `HTTP ${response.status} ${text.slice(0, 200)}` };
  } catch (error) {
    return { ok: false, ms: performance.now() - started, text: "", detail: error instanceof Error ? error.message : String(error) };
  }
}

/** Runs `worker` over the items with at most `concurrency` in flight; results in item order. */
export async function runPool<T, R>(items: readonly T[], concurrency: number, worker: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

export function phase(sent: Sent[], wallMs: number): PhaseResult {
  return {
    failures: sent.filter((s) => !s.ok).length,
    wallMs,
    summary: summarize(sent.map((s) => s.ms)),
    perSecond: (sent.length / wallMs) * 1000,
  };
}

const numberedLines = (reply: string) => reply.split("\n").filter((line) => /^\d+\) /.test(line));
const isSummary = (reply: string) => /Book it\? \(yes\/no\)$/.test(reply);

// ---------------------------------------------------------------------------------------------
// Who wants what

/**
 * `count` customers with distinct phone numbers. Each wants a distinct (day, half-hour) that
 * somebody works, in the PLAN_DAYS from `firstDayOffset` days after the fixed Monday, in a seeded
 * shuffle; only when those run out do second customers share a time (for the other staff member,
 * far apart in the run). Every SUNDAY_EVERY-th customer asks for Sunday instead, when nobody
 * works, and is offered the nearest free times. Warm-up customers get days after the measured ones.
 * `seed` varies the shuffle (several businesses' customers need not all want the same times).
 */
export function planCustomers(count: number, phonePrefix: string, firstDayOffset: number, seed = SEED + firstDayOffset): Customer[] {
  const monday: LocalDate = { year: 2026, month: 3, day: 2 };
  const rounds: { date: LocalDate; minute: number }[][] = [[], []];
  for (let offset = firstDayOffset; offset < firstDayOffset + PLAN_DAYS; offset++) {
    const date = addLocalDays(monday, offset);
    const weekday = weekdayOf(date);
    for (let minute = 0; minute < 24 * 60; minute += SERVICE_MINUTES) {
      const working = STAFF_HOURS.filter((h) => h.weekdays.includes(weekday) && minute >= h.start && minute + SERVICE_MINUTES <= h.end).length;
      for (let round = 0; round < Math.min(working, rounds.length); round++) rounds[round]!.push({ date, minute });
    }
  }
  const random = mulberry32(seed);
  const cells = rounds.flatMap((round) => shuffle(round, random));
  const customers: Customer[] = [];
  let cell = 0;
  for (let i = 0; i < count; i++) {
    const phone = `${phonePrefix}${String(i).padStart(4, "0")}`;
    if ((i + 1) % SUNDAY_EVERY === 0) {
      const minute = (10 + (i % 6)) * 60;
      customers.push({ phone, seed: i, want: { text: `sunday at ${clockText(minute)}`, date: monday, minute, sunday: true } });
      continue;
    }
    const wanted = cells[cell++];
    if (!wanted) throw new Error(`only ${cells.length} free cells for ${count} customers`);
    customers.push({ phone, seed: i, want: { text: dayText(wanted.date, monday, i) + ` at ${clockText(wanted.minute)}`, ...wanted, sunday: false } });
  }
  return customers;
}

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** This week's days by name ("thursday"), later ones by date ("march 10" or "10 march"). */
function dayText(date: LocalDate, monday: LocalDate, i: number): string {
  const daysAhead = (Date.UTC(date.year, date.month - 1, date.day) - Date.UTC(monday.year, monday.month - 1, monday.day)) / 86_400_000;
  if (daysAhead < 7) return (i % 2 === 0 ? "on " : "") + WEEKDAYS[weekdayOf(date)]!;
  const month = MONTHS[date.month - 1]!;
  return i % 2 === 0 ? `${month} ${date.day}` : `${date.day} ${month}`;
}

/** 570 → "9:30am", 780 → "1pm". */
function clockText(minute: number): string {
  const hour = Math.floor(minute / 60);
  const m = minute % 60;
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}${m === 0 ? "" : `:${String(m).padStart(2, "0")}`}${hour < 12 ? "am" : "pm"}`;
}

/** How the bot writes the wanted time ("Thu 5 Mar, 09:30"), to see whether the summary offered it. */
function formatWhen(want: Want): string {
  return DateTime.fromJSDate(zonedInstant(want.date, want.minute, TIMEZONE), { zone: TIMEZONE }).toFormat("ccc d LLL, HH:mm");
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Servers and checks

/** The floor: the real route's form parser and twilio's signature check, then empty TwiML. */
function floorApp(): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", true);
  const form = express.urlencoded({ extended: false, limit: "100kb" });
  const empty = new twilio.twiml.MessagingResponse().toString();
  app.post(WEBHOOK_PATH, form, (req, res) => {
    const signature = req.header("x-twilio-signature");
    const params = (req.body ?? {}) as Record<string, string>;
    if (!signature || !twilio.validateRequest(AUTH_TOKEN, signature, PUBLIC_BASE_URL + req.originalUrl, params)) {
      res.status(403).end();
      return;
    }
    res.type("text/xml").send(empty);
  });
  return app;
}

export function listen(app: express.Express): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, "127.0.0.1", (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

export function urlOf(server: Server): string {
  const address = server.address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Confirmed bookings of the planned customers: how many, how many customers have exactly one, how many at the wanted time. */
export async function confirmedBookings(db: Db, businessId: string, planned: Customer[]): Promise<{ confirmed: number; customersWithOne: number; atWanted: number }> {
  const rows = await db
    .select({ phone: customers.phone, startAt: bookings.startAt })
    .from(bookings)
    .innerJoin(customers, eq(bookings.customerId, customers.id))
    .where(and(eq(bookings.businessId, businessId), eq(bookings.status, "confirmed"), inArray(customers.phone, planned.map((c) => c.phone))));
  const perPhone = new Map<string, Date[]>();
  for (const row of rows) perPhone.set(row.phone, [...(perPhone.get(row.phone) ?? []), row.startAt]);
  let atWanted = 0;
  for (const customer of planned) {
    const starts = perPhone.get(customer.phone) ?? [];
    const wanted = zonedInstant(customer.want.date, customer.want.minute, TIMEZONE).getTime();
    if (!customer.want.sunday && starts.some((s) => s.getTime() === wanted)) atWanted++;
  }
  return { confirmed: rows.length, customersWithOne: [...perPhone.values()].filter((s) => s.length === 1).length, atWanted };
}

/**
 * Many businesses on one deployment: 200 businesses, each claiming its own Twilio number, and 5
 * customers of each texting their business's number (1,000 whole booking conversations, as the
 * webhook bench has them), against the standard single-business webhook load (one business, 200
 * customers) in the same run. Both loads keep the same number of conversations in flight, so the
 * per-message p50s compare what a message costs, not how long it queues; the tenants' customers
 * are interleaved, so the conversations in flight at any moment belong to many businesses.
 *
 * Prints `tenants single-business …`, `tenants many-business …`, then
 * `tenants p50 X ms (200 businesses × 5 customers) vs single-business p50 Y ms: +Z% (goal: within 10%)`
 * and one informational line. Fails (after printing) when a request failed or a customer did not
 * end up with exactly one confirmed booking.
 *
 * Each message goes to its business's number (`To`). A build that does not route inbound messages
 * by `To` answers every one of them as its first business: the bench says so in its last line, and
 * its many-business figure then measures one crowded business, not many.
 */
import type { Server } from "node:http";
import { and, eq, inArray } from "drizzle-orm";
import { ManualClock } from "../../src/clock";
import { loadConfig } from "../../src/config/config";
import type { Db } from "../../src/db/client";
import { bookings, customers } from "../../src/db/schema";
import { createDemoBusiness } from "../../src/demo/demoBusiness";
import { createLogger } from "../../src/logger";
import { createApp } from "../../src/server";
import { claimChannels } from "../../src/tenancy/channels";
import { sendAsCustomer } from "../twilioClient";
import { type BenchDatabase, createBenchDatabase } from "./database";
import { ms } from "./stats";
import {
  AUTH_TOKEN,
  CONCURRENCY,
  CUSTOMERS,
  type Customer,
  NOW,
  PLAN_DAYS,
  PUBLIC_BASE_URL,
  type PhaseResult,
  type Sent,
  WARMUP_CUSTOMERS,
  close,
  confirmedBookings,
  converse,
  listen,
  phase,
  planCustomers,
  runPool,
  urlOf,
} from "./webhook";

const BUSINESSES = 200;
const CUSTOMERS_PER_BUSINESS = 5;
/** The goal: a message on a deployment of many businesses costs at most this much more than on a deployment of one. */
const GOAL_PERCENT = 10;

interface Deployment {
  database: BenchDatabase;
  server: Server;
  url: string;
}

interface TenantCustomer extends Customer {
  businessId: string;
}

export async function run(): Promise<void> {
  const setupStarted = performance.now();
  const embedded = !process.env.DATABASE_URL || process.env.DATABASE_URL === "memory://";
  if (embedded) console.log("tenants: note: DATABASE_URL is unset, so these figures are for the embedded engine (PGlite in memory), not a PostgreSQL server");
  const opened: Deployment[] = [];
  try {
    const single = await deploy(opened);
    const singleBusinessId = await createDemoBusiness(single.database.db);
    const many = await deploy(opened);
    const tenants = await createTenants(many.database.db);
    const routed = await routesByNumber(many, tenants[1]!);
    const singleCustomers = planCustomers(CUSTOMERS, "+1555300", 1);
    const tenantCustomers = interleave(tenants.map((t, i) => planCustomers(CUSTOMERS_PER_BUSINESS, `+1556${String(i).padStart(3, "0")}`, 1, 7919 * (i + 1)).map((c) => ({ ...c, to: t.number, businessId: t.businessId }))));
    const setupMs = performance.now() - setupStarted;

    // Warm both deployments (JIT, connection pools, keep-alive sockets) before anything is timed.
    const warmupSent: Sent[] = [];
    const warmups = [
      ...planCustomers(WARMUP_CUSTOMERS, "+1555399", 1 + PLAN_DAYS + 1).map((c) => ({ customer: c, url: single.url })),
      ...tenants.slice(0, WARMUP_CUSTOMERS).flatMap((t, i) => planCustomers(1, `+1557${String(i).padStart(3, "0")}`, 1 + PLAN_DAYS + 1).map((c) => ({ customer: { ...c, to: t.number }, url: many.url }))),
    ];
    const warmupOutcomes = await runPool(warmups, CONCURRENCY, (w) => converse(w.url, w.customer, warmupSent));

    const singleRun = await measure(single.url, singleCustomers);
    const manyRun = await measure(many.url, tenantCustomers);

    const singleBooked = await confirmedBookings(single.database.db, singleBusinessId, singleCustomers);
    const manyBooked = await bookedWhere(many.database.db, tenantCustomers);
    const s = singleRun.result;
    const m = manyRun.result;
    const change = (m.summary.p50 / s.summary.p50 - 1) * 100;
    console.log(`tenants single-business p50 ${ms(s.summary.p50)} ms p99 ${ms(s.summary.p99)} ms ${s.perSecond.toFixed(1)} msg/s (1 business × ${CUSTOMERS} customers)`);
    console.log(`tenants many-business p50 ${ms(m.summary.p50)} ms p99 ${ms(m.summary.p99)} ms ${m.perSecond.toFixed(1)} msg/s (${BUSINESSES} businesses × ${CUSTOMERS_PER_BUSINESS} customers)`);
    console.log(
      `tenants p50 ${ms(m.summary.p50)} ms (${BUSINESSES} businesses × ${CUSTOMERS_PER_BUSINESS} customers) vs single-business p50 ${ms(s.summary.p50)} ms: ` +
        `${change >= 0 ? "+" : ""}${change.toFixed(1)}% (goal: within ${GOAL_PERCENT}%${change <= GOAL_PERCENT ? ", met" : ", missed"})`,
    );
    console.log(
      `tenants: ${CONCURRENCY} conversations in flight on each deployment, ${many.database.label}${embedded ? " (embedded engine)" : ""}; ` +
        `single-business ${s.summary.count} messages in ${ms(s.wallMs)} ms (p95 ${ms(s.summary.p95)} ms, ${s.failures} failed, ${singleBooked.customersWithOne}/${CUSTOMERS} customers booked once); ` +
        `many-business ${m.summary.count} messages in ${ms(m.wallMs)} ms (p95 ${ms(m.summary.p95)} ms, ${m.failures} failed, ${manyBooked.customersWithOne}/${tenantCustomers.length} customers booked once, ` +
        `${manyBooked.atOwnBusiness} at the business whose number they texted); ` +
        (routed ? "each message was answered by the business that claims the number it was sent to; " : `NOTE: this build does not route inbound messages by To: they were all answered by the first business, so the many-business figure is one crowded business (${CUSTOMERS_PER_BUSINESS * BUSINESSES} customers) and its conversations and bookings are not checked; `) +
        `setup ${ms(setupMs)} ms`,
    );

    const problems: string[] = [];
    const warmupFailures = warmupSent.filter((x) => !x.ok).length + warmupOutcomes.filter((o) => o.error !== undefined).length;
    if (warmupFailures > 0) problems.push(`${warmupFailures} warm-up requests or conversations failed`);
    for (const [name, each] of [["single-business", singleRun], ["many-business", manyRun]] as const) {
      if (each.result.failures > 0) problems.push(`${each.result.failures} ${name} requests failed`);
      const wrong = each.errors[0];
      if (wrong && (routed || each === singleRun)) problems.push(`${each.errors.length} ${name} conversations went wrong, e.g. ${wrong}`);
    }
    if (singleBooked.customersWithOne !== CUSTOMERS || singleBooked.confirmed !== CUSTOMERS) problems.push(`single-business: ${singleBooked.confirmed} confirmed bookings for ${singleBooked.customersWithOne}/${CUSTOMERS} customers`);
    if (routed && manyBooked.atOwnBusiness !== tenantCustomers.length) {
      problems.push(`many-business: ${manyBooked.atOwnBusiness}/${tenantCustomers.length} customers with exactly one confirmed booking, at the business whose number they texted`);
    }
    if (problems.length > 0) throw new Error(`tenants bench: ${problems.join("; ")}`);
  } finally {
    for (const d of opened) {
      await close(d.server);
      await d.database.destroy();
    }
  }
}

/** A deployment of its own: a fresh database and the real app on it, listening on loopback. */
async function deploy(opened: Deployment[]): Promise<Deployment> {
  const database = await createBenchDatabase();
  const config = loadConfig({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL, LOG_LEVEL: "silent" });
  try {
    const server = await listen(createApp({ config, database, clock: new ManualClock(NOW), logger: createLogger("silent") }));
    const deployment = { database, server, url: urlOf(server) };
    opened.push(deployment);
    return deployment;
  } catch (error) {
    await database.destroy();
    throw error;
  }
}

/**
 * Whether the build answers a message as the business claiming the number it was sent to: one
 * "hi" to the second business's number, from a phone nobody else uses, and whose customer it made.
 */
async function routesByNumber(many: Deployment, tenant: { businessId: string; number: string }): Promise<boolean> {
  const phone = "+15558000000";
  const answer = await sendAsCustomer({ serverUrl: many.url, publicBaseUrl: PUBLIC_BASE_URL, authToken: AUTH_TOKEN }, { from: phone, to: tenant.number, body: "hi" });
  if (answer.status !== 200) throw new Error(`tenants bench: the routing probe answered HTTP ${answer.status}: ${answer.body.slice(0, 200)}`);
  const [customer] = await many.database.db.select({ businessId: customers.businessId }).from(customers).where(eq(customers.phone, phone));
  return customer?.businessId === tenant.businessId;
}

/** BUSINESSES copies of the demo salon, each claiming a Twilio number of its own. */
async function createTenants(db: Db): Promise<{ businessId: string; number: string }[]> {
  const tenants: { businessId: string; number: string }[] = [];
  for (let i = 0; i < BUSINESSES; i++) {
    const number = `+1555700${String(i).padStart(4, "0")}`;
    const businessId = await createDemoBusiness(db);
    await claimChannels(db, businessId, { twilioNumbers: [number] });
    tenants.push({ businessId, number });
  }
  return tenants;
}

/** The first customer of every business, then the second of every business, …: many businesses in flight at once. */
function interleave<T>(groups: T[][]): T[] {
  const longest = Math.max(...groups.map((g) => g.length));
  return Array.from({ length: longest }, (_, i) => groups.flatMap((g) => (i < g.length ? [g[i]!] : []))).flat();
}

async function measure(url: string, planned: Customer[]): Promise<{ result: PhaseResult; errors: string[] }> {
  const sent: Sent[] = [];
  const started = performance.now();
  const outcomes = await runPool(planned, CONCURRENCY, (c) => converse(url, c, sent));
  const result = phase(sent, performance.now() - started);
  const errors = outcomes.flatMap((o) => (o.error === undefined ? [] : [`${o.error}\n${o.transcript.join("\n")}`]));
  return { result, errors };
}

/** How many customers have exactly one confirmed booking, and how many of those are at the business whose number they texted. */
async function bookedWhere(db: Db, planned: TenantCustomer[]): Promise<{ customersWithOne: number; atOwnBusiness: number }> {
  const rows = await db
    .select({ phone: customers.phone, businessId: bookings.businessId })
    .from(bookings)
    .innerJoin(customers, eq(bookings.customerId, customers.id))
    .where(and(eq(bookings.status, "confirmed"), inArray(customers.phone, planned.map((c) => c.phone))));
  const perPhone = new Map<string, string[]>();
  for (const row of rows) perPhone.set(row.phone, [...(perPhone.get(row.phone) ?? []), row.businessId]);
  let customersWithOne = 0;
  let atOwnBusiness = 0;
  for (const customer of planned) {
    const at = perPhone.get(customer.phone) ?? [];
    if (at.length !== 1) continue;
    customersWithOne++;
    if (at[0] === customer.businessId) atOwnBusiness++;
  }
  return { customersWithOne, atOwnBusiness };
}

/**
 * npm run chaos: the crash test. Proves that no money and no message is lost when the server is
 * killed. Never part of `npm test`: it needs a PostgreSQL server (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres) and takes a few minutes.
 *
 * In a fresh database `slotline_chaos_<random>` (dropped at the end, also on failure), the server
 * runs as one child process against the fake Stripe (failing and timing out on purpose) and the
 * fake Twilio; 100 customers book by text, ten at a time, a third of them paying by link and
 * about fifteen cancelling; the jobs tick beside them as child processes; and a killer SIGKILLs
 * the server (now and then a jobs tick too) every few seconds and restarts it at once. At the
 * end the server is restarted cleanly, the jobs run until nothing is due, and the database and
 * the fakes' ledgers are checked (scripts/chaos/checks/). Prints each violation on its own line,
 * then `chaos: N kills, M messages, V violations`; exits 1 on a violation or an unmet bound.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { CONFIG_VARIABLES } from "../src/config/config";
import { type CustomerOutcome, serveCustomer } from "./chaos/customer";
import { type ChaosDatabase, DEFAULT_SERVER_URL, createChaosDatabase } from "./chaos/database";
import { Deadline } from "./chaos/deadline";
import { type Fakes, startFakes } from "./chaos/fakes";
import { JobsRunner } from "./chaos/jobsRunner";
import { MIN_KILLS, killUntil } from "./chaos/killer";
import { childEnv } from "./chaos/nodeChild";
import { planCustomers } from "./chaos/plan";
import { ServerProcess, freePort } from "./chaos/server";
import { StripeCourier } from "./chaos/stripeCourier";
import { runPool } from "./chaos/timing";
import { TwilioCarrier } from "./chaos/twilioCarrier";
import { checkBookings } from "./chaos/checks/bookings";
import type { Findings } from "./chaos/checks/findings";
import { checkMessages } from "./chaos/checks/messages";
import { checkMoney } from "./chaos/checks/money";
import { checkOutbox } from "./chaos/checks/outbox";
import { restartDatabaseUnderLoad } from "./chaos/databaseRestart";

/** The whole run, on a 2-core machine; beyond it the run fails, naming the phase. */
const DEADLINE_SECONDS = 300;
const CONCURRENT_CUSTOMERS = 10;
const MIN_MESSAGES = 300;
/** The final ticks: until no outbound message is due, at most this many. */
const FINAL_TICKS = 5;
/** Minutes after the run that the last ticks run as of: past every lease (10 min) and every backoff (1+2+4+8+16 min). */
const LATER_TICKS_MINUTES = [3, 12, 20, 35, 60];
/** The operator's token for the last ticks, made for this run. */
const ADMIN_TOKEN = randomBytes(24).toString("hex");
const FINAL_DELIVERY_MS = 30_000;
const CLEANUP_MS = 20_000;
const REPO = path.resolve(__dirname, "..");

interface Actors {
  db: ChaosDatabase;
  fakes: Fakes;
  server: ServerProcess;
  jobs: JobsRunner;
}

async function main(): Promise<number> {
  const deadline = new Deadline(DEADLINE_SECONDS);
  const db = await createChaosDatabase(process.env.DATABASE_URL ?? DEFAULT_SERVER_URL);
  let actors: Actors | undefined;
  try {
    const fakes = await startFakes();
    const port = await freePort();
    const env = serverEnv(db, fakes, port);
    actors = { db, fakes, server: new ServerProcess(port, { cwd: REPO, env }), jobs: new JobsRunner({ cwd: REPO, env }) };
    return await deadline.race(crashTest(actors, deadline));
  } catch (error) {
    // The stack and the cause say which call failed (undici's "fetch failed" alone does not).
    console.error(error instanceof Error ? `${error.stack ?? error.message}${error.cause ? `\ncaused by: ${String(error.cause)}` : ""}` : String(error));
    if (actors) console.error(`server lives: ${actors.server.lives.map((l) => `${seconds(l.startedAt)}→${l.end ?? "running"}`).join(", ")}`);
    return 1;
  } finally {
    await withinMs(cleanUp(db, actors), CLEANUP_MS);
  }
}

/** What the server and the jobs are started with: the fresh database, the fakes, the demo salon, no jobs timer. */
function serverEnv(db: ChaosDatabase, fakes: Fakes, port: number): NodeJS.ProcessEnv {
  return childEnv(CONFIG_VARIABLES, {
    DATABASE_URL: db.url,
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    ...fakes.env,
    SEED_DEMO: "1",
    RUN_JOBS: "0",
    ADMIN_TOKEN,
    LOG_LEVEL: "warn",
    // Set empty so that a .env in the working directory cannot add a language model, WhatsApp, email or Connect to the run.
    OPENAI_API_KEY: "",
    WHATSAPP_TOKEN: "",
    WHATSAPP_PHONE_NUMBER_ID: "",
    TWILIO_WHATSAPP_FROM: "",
    SMTP_URL: "",
    EMAIL_FROM: "",
    GOOGLE_SERVICE_ACCOUNT_JSON: "",
    STRIPE_CONNECT_WEBHOOK_SECRET: "",
  });
}

async function crashTest(actors: Actors, deadline: Deadline): Promise<number> {
  const { server, jobs, fakes, db } = actors;
  deadline.phase("first start");
  await server.start();
  const carrier = new TwilioCarrier({ serverUrl: server.url, publicBaseUrl: server.url, authToken: fakes.twilio.authToken }, () => server.now());
  const courier = new StripeCourier(server.url, fakes.stripe);

  deadline.phase("customers under the killer");
  const outcomes = await serveUnderFire(actors, carrier, courier);

  deadline.phase("final restart and jobs");
  await jobs.stop();
  await server.stop();
  await server.start();
  const undelivered = await courier.redeliverGivenUp(FINAL_DELIVERY_MS);
  deadline.phase("PostgreSQL restarted under load");
  let newcomers = 0;
  const restart = await restartDatabaseUnderLoad(server, carrier, db, () => `+1555720${String(newcomers++).padStart(4, "0")}`);
  await tickUntilNothingDue(jobs, db);
  await ticksAsTimePasses(server.url);
  await server.stop();

  deadline.phase("checks");
  const sql = db.sql();
  const results: Findings[] = [
    await checkBookings(sql, outcomes),
    await checkMoney(sql, fakes.stripe),
    await checkMessages(sql, carrier.records.values(), fakes.twilio, server.kills),
    await checkOutbox(sql, fakes.twilio, (instant) => seconds(server.since(instant))),
    restart,
  ];
  if (undelivered > 0) results.push({ violations: [`stripe: ${undelivered} webhook deliveries never got a 2xx`], notes: [] });
  results.push({ violations: server.crashes.map((life) => `server: the life started @${seconds(life.startedAt)} ${life.end} @${seconds(life.endedAt ?? 0)}`), notes: [] });
  return report(results, { actors, outcomes, carrier, courier });
}

/** The customers, ten at a time, while the killer works and the jobs tick; both stop once the customers are done. */
async function serveUnderFire(actors: Actors, carrier: TwilioCarrier, courier: StripeCourier): Promise<CustomerOutcome[]> {
  const { server, jobs, fakes } = actors;
  const world = { carrier, courier, stripe: fakes.stripe, twilio: fakes.twilio };
  let finished = false;
  jobs.start();
  const customers = runPool(planCustomers(), CONCURRENT_CUSTOMERS, (want) => serveCustomer(want, world)).finally(() => {
    finished = true;
  });
  // A server that fails to come back rejects at once, rather than leaving the customers to time out.
  const [outcomes] = await Promise.all([customers, killUntil(server, jobs, () => finished)]);
  return outcomes;
}

/**
 * The jobs as of later instants (POST /admin/jobs/run {now}), as if the run had gone on for an hour:
 * the leases a killed process left (a send, a refund) run out, and every retry's backoff (1, 2, 4…
 * minutes) comes due. What the outbox or the refunds still hold after this is stuck.
 */
async function ticksAsTimePasses(serverUrl: string): Promise<void> {
  for (const minutes of LATER_TICKS_MINUTES) {
    const now = new Date(Date.now() + minutes * 60_000).toISOString();
    const answer = await fetch(`${serverUrl}/admin/jobs/run`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ now }),
    });
    if (!answer.ok) throw new Error(`jobs as of ${now}: ${answer.status} ${await answer.text()}`);
  }
}

/** Ticks until no outbound message is due (or FINAL_TICKS ran): what the outbox still holds is then stuck. */
async function tickUntilNothingDue(jobs: JobsRunner, db: ChaosDatabase): Promise<void> {
  for (let tick = 0; tick < FINAL_TICKS; tick++) {
    await jobs.tick();
    const [due] = await db.sql()<{ n: number }[]>`
      select count(*)::int as n from messages
      where direction = 'out' and status in ('queued', 'retrying', 'sending') and next_attempt_at <= now() and attempts < 5`;
    if ((due?.n ?? 0) === 0) return;
  }
}

interface RunFacts {
  actors: Actors;
  outcomes: CustomerOutcome[];
  carrier: TwilioCarrier;
  courier: StripeCourier;
}

/** Prints notes, violations one per line, and the summary line; returns the exit code. */
function report(results: Findings[], facts: RunFacts): number {
  const { server } = facts.actors;
  const messages = facts.carrier.records.size;
  for (const note of [...runNotes(facts), ...results.flatMap((r) => r.notes)]) console.log(`note: ${note}`);
  const violations = results.flatMap((r) => r.violations);
  for (const violation of violations) console.log(violation);
  const bounds = [
    ...(server.kills < MIN_KILLS ? [`only ${server.kills} kills (at least ${MIN_KILLS})`] : []),
    ...(messages < MIN_MESSAGES ? [`only ${messages} messages (at least ${MIN_MESSAGES})`] : []),
  ];
  for (const bound of bounds) console.log(`bound not met: ${bound}`);
  console.log(`chaos: ${server.kills} kills, ${messages} messages, ${violations.length} violations`);
  return violations.length > 0 || bounds.length > 0 ? 1 : 0;
}

/** How the run went: who finished, how the processes fared, how often Twilio and Stripe had to retry. */
function runNotes({ actors, outcomes, carrier, courier }: RunFacts): string[] {
  const { server, jobs } = actors;
  const stopped = outcomes.filter((o) => o.stopped !== "done");
  const retried = [...carrier.records.values()].filter((r) => r.attempts.length > 1).length;
  const starts = server.startMs;
  return [
    `customers: ${outcomes.length - stopped.length} finished, ${stopped.length} stopped early; ${outcomes.filter((o) => o.bookings.some((b) => !b.cancelled)).length} hold a booking, ${outcomes.filter((o) => o.bookings.some((b) => b.cancelled)).length} cancelled one, ${outcomes.reduce((n, o) => n + o.paidSessions.length, 0)} payments made`,
    ...stopped.map((o) => `stopped: ${o.want.phone} (${o.want.service}) ${o.stopped}\n    ${o.transcript.slice(-20).join("\n    ")}`),
    `server lives: ${server.lives.map((l) => `${seconds(l.startedAt)}→${l.readyAt === undefined ? "never ready" : seconds(l.readyAt)}→${l.end ?? "?"}@${l.endedAt === undefined ? "?" : seconds(l.endedAt)}`).join(", ")}`,
    `server: ${server.starts} starts (ready in ${Math.min(...starts)}–${Math.max(...starts)} ms), ${server.kills} SIGKILLs; jobs: ${jobs.ticks} ticks, ${jobs.kills} killed, ${jobs.failures.length} failed${jobs.failures.length > 0 ? ` (e.g. ${jobs.failures[0]})` : ""}`,
    `twilio webhooks: ${carrier.records.size} messages, ${retried} needed a retry; stripe webhooks: ${courier.deliveries.length} events, ${courier.deliveries.filter((d) => d.attempts > 1).length} needed a retry`,
  ];
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

async function cleanUp(db: ChaosDatabase, actors: Actors | undefined): Promise<void> {
  if (actors) {
    await actors.jobs.halt();
    await actors.server.kill();
    await actors.fakes.close();
  }
  await db.drop();
}

/** Waits for `work` at most `ms`: a cleanup that hangs must not keep a failed run from ending. */
async function withinMs(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch((error: unknown) => console.error(`chaos: cleanup failed: ${String(error)}`)), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

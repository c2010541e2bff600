/**
 * PostgreSQL restarted under load: while customers' texts are in flight, the database server is
 * restarted (pg_ctlcluster, when the run may, on a local cluster; otherwise every connection to
 * the run's database is cut, which is what a restart does to them). The requests it cuts must fail
 * with a 5xx — Twilio then retries them — and the same server process, not restarted, must answer
 * again once PostgreSQL is back.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import type { ChaosDatabase } from "./database";
import type { Findings } from "./checks/findings";
import type { ServerProcess } from "./server";
import type { TwilioCarrier } from "./twilioCarrier";
import { sleep } from "./timing";

const run = promisify(execFile);
/** Texts in flight when the database goes away, from as many new customers. */
const IN_FLIGHT = 12;
/** How long the server may take to answer again once PostgreSQL is back. */
const RECOVERY_MS = 20_000;

/** Restarts PostgreSQL mid-burst and checks the server came through it; returns what it saw. */
export async function restartDatabaseUnderLoad(server: ServerProcess, carrier: TwilioCarrier, db: ChaosDatabase, phones: () => string): Promise<Findings> {
  const starts = server.starts;
  const senders = Array.from({ length: IN_FLIGHT }, () => phones());
  const burst = senders.map((phone, i) => sleep(i * 40).then(() => carrier.deliver(phone, "haircut next friday at 11am")));
  await sleep(150);
  const how = await restartPostgres(db);
  await Promise.all(burst);
  const findings: Findings = { violations: [], notes: [] };
  const attempts = [...carrier.records.values()].filter((record) => senders.includes(record.phone)).flatMap((record) => record.attempts);
  const failedCleanly = attempts.filter((attempt) => attempt.kind === "http_error" && attempt.status >= 500).length;
  const unclean = attempts.filter((attempt) => (attempt.kind === "http_error" && attempt.status < 500) || (attempt.kind === "connection_failed" && attempt.reached));
  for (const attempt of unclean) findings.violations.push(`database restart: a request in flight failed without a 5xx: ${JSON.stringify(attempt)}`);
  findings.notes.push(`database restart: ${attempts.length} attempts for ${IN_FLIGHT} texts, ${failedCleanly} answered with a 5xx (then retried)`);
  const recovered = await answersAgain(server, carrier, phones);
  if (!recovered) findings.violations.push(`database restart: the server did not answer a text within ${RECOVERY_MS / 1000} s after PostgreSQL came back (${how})`);
  if (server.starts !== starts || server.crashes.length > 0) findings.violations.push(`database restart: the server process had to be started again (${how})`);
  findings.notes.push(`database restart: ${how} with ${IN_FLIGHT} texts in flight; the server answered again without a restart: ${recovered ? "yes" : "no"}`);
  return findings;
}

/** A real restart of the local cluster when pg_ctlcluster can do it; else every connection to the run's database cut. */
async function restartPostgres(db: ChaosDatabase): Promise<string> {
  const local = /@(127\.0\.0\.1|localhost)[:/]/.test(db.url) && fs.existsSync("/etc/postgresql");
  if (local) {
    try {
      const version = fs.readdirSync("/etc/postgresql")[0]!;
      await run("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "restart"], { timeout: 60_000 });
      return "PostgreSQL restarted";
    } catch {
      // Not allowed here (not root, another layout): cutting the connections is the part a restart does to us.
    }
  }
  await db.sql()`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${db.name} and pid <> pg_backend_pid()`;
  return "every connection to the database cut";
}

/** A text from a new customer answered by the server within RECOVERY_MS. */
async function answersAgain(server: ServerProcess, carrier: TwilioCarrier, phones: () => string): Promise<boolean> {
  const until = Date.now() + RECOVERY_MS;
  while (Date.now() < until) {
    if ((await carrier.deliver(phones(), "hi")).length > 0) return true;
    await sleep(500);
  }
  return false;
}

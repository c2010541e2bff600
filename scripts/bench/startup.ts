/**
 * Start-up benchmark: the command the image runs (`node scripts/start.js`, what `npm start` runs
 * without npm's own start-up) from spawn to the first 200 of GET /readyz, and the server process's
 * resident memory (VmRSS) once it has been idle for a moment after that.
 *
 * Embedded PGlite on a fresh data directory (initdb, migrations, the demo salon), then restarted
 * on it; with DATABASE_URL naming a server, also PostgreSQL (a fresh database migrated by the first
 * start). Each figure is the median of RUNS starts. The build is brought up to date first and its
 * check is timed on its own (what every start pays when nothing changed).
 *
 * Prints `startup ready X ms rss Y MB (…)` lines with their goals, and `startup build check X ms`.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { CONFIG_VARIABLES } from "../../src/config/config";
import { childEnv } from "../chaos/nodeChild";
import { freePort } from "../chaos/server";
import { ms, percentile } from "./stats";

const REPO = path.resolve(__dirname, "../..");
const START = path.join(REPO, "scripts/start.js");
/** Starts per figure; the median is printed. Odd. */
const RUNS = 3;
const READY_TIMEOUT_MS = 120_000;
const POLL_MS = 10;
/** Idle time after ready before the memory is read: what the process holds at rest, not mid-start. */
const SETTLE_MS = 2_000;

/** The goals, on a 2-core machine. */
const GOALS = {
  embeddedFresh: { readyMs: 4_000, rssMb: 250 },
  embeddedRestart: { readyMs: 2_000, rssMb: 250 },
  postgres: { readyMs: 1_500, rssMb: 120 },
  buildCheckMs: 100,
};

interface Start {
  readyMs: number;
  rssMb: number;
}

export async function run(): Promise<void> {
  const { ensureBuilt } = require(path.join(REPO, "scripts/build.js")) as { ensureBuilt(): boolean };
  ensureBuilt();
  const checks: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    ensureBuilt();
    checks.push(performance.now() - started);
  }
  console.log(`startup build check ${ms(median(checks))} ms (goal ≤ ${GOALS.buildCheckMs} ms; the sources' fingerprint against dist/build.json)`);

  const fresh: Start[] = [];
  const restart: Start[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slotline-bench-startup-"));
    try {
      fresh.push(await startOnce({ DATA_DIR: dataDir }));
      restart.push(await startOnce({ DATA_DIR: dataDir }));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  print("embedded, fresh data directory", fresh, GOALS.embeddedFresh);
  print("embedded, restart", restart, GOALS.embeddedRestart);

  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl || serverUrl === "memory://") {
    console.log("startup postgres: skipped (DATABASE_URL names no PostgreSQL server)");
    return;
  }
  const onServer: Start[] = [];
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const name = `slotline_bench_startup_${process.pid}`;
  try {
    await admin.unsafe(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    // The first start migrates and seeds; the figures are the starts after it, as in a deployment.
    await startOnce({ DATABASE_URL: url.toString() });
    for (let i = 0; i < RUNS; i++) onServer.push(await startOnce({ DATABASE_URL: url.toString() }));
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  }
  print("PostgreSQL server, restart", onServer, GOALS.postgres);
}

function print(what: string, starts: Start[], goal: { readyMs: number; rssMb: number }): void {
  const ready = median(starts.map((s) => s.readyMs));
  const rss = median(starts.map((s) => s.rssMb));
  console.log(`startup ready ${ms(ready)} ms rss ${rss.toFixed(0)} MB (${what}; goals ≤ ${goal.readyMs} ms, ≤ ${goal.rssMb} MB; median of ${starts.length})`);
}

/** One start in a scratch working directory (so no .env is read), stopped with SIGTERM once measured. */
async function startOnce(own: Record<string, string>): Promise<Start> {
  const port = await freePort();
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "slotline-bench-cwd-"));
  const env = childEnv(CONFIG_VARIABLES, { PORT: String(port), LOG_LEVEL: "warn", RUN_JOBS: "0", ...own });
  let output = "";
  const started = performance.now();
  const child = spawn(process.execPath, [START], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before /readyz answered:\n${output}`);
      if (performance.now() - started > READY_TIMEOUT_MS) throw new Error(`/readyz did not answer within ${READY_TIMEOUT_MS / 1000} s:\n${output}`);
      if (await ready(port)) break;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const readyMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    return { readyMs, rssMb: rssOf(child.pid!) };
  } finally {
    child.kill("SIGTERM");
    await exited;
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}

async function ready(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** VmRSS of a process, in MB (Linux's /proc). */
function rssOf(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) / 1024;
}

function median(values: number[]): number {
  return percentile(values, 50);
}

/**
 * npm run jobs: one tick of every due job, then exit. Safe to run from several machines at once.
 * On the embedded database, which one process may open, a running server holds it: the tick is
 * then handed to that server over its local jobs route.
 *
 * A database without any business (a cron line that missed DATA_DIR or DATABASE_URL) is refused
 * with exit 1 and a line naming it, rather than ticking nothing and looking fine; an embedded data
 * directory that does not exist is not created.
 */
import fs from "node:fs";
import path from "node:path";
import { findBusiness } from "../src/booking/business";
import { systemClock } from "../src/clock";
import { type Config, ConfigError, ENV_FILE, loadConfig } from "../src/config/config";
import { type Database, openDatabase } from "../src/db/client";
import { EmbeddedDatabaseInUse, type EmbeddedOwner } from "../src/db/embeddedOwner";
import { LOCAL_TOKEN_HEADER } from "../src/http/localJobs";
import type { JobCounts } from "../src/jobs/jobs";
import { createLogger } from "../src/logger";
import { buildServices } from "../src/services";

async function tick(): Promise<void> {
  const config = loadConfig(process.env, { envFile: ENV_FILE });
  const logger = createLogger(config.logLevel);
  if (config.databaseUrl === undefined && !fs.existsSync(path.join(config.dataDir, "PG_VERSION"))) throw new NoBusinessHere(config, "nothing there yet");
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, maxConnections: 4 });
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseInUse) || !error.owner.server) throw error;
    const counts = await tickOnServer(error.owner.server);
    process.stdout.write(`${JSON.stringify(counts)}\n`);
    logger.info({ pid: error.owner.pid }, "the tick ran in the server that holds the embedded database");
    return;
  }
  try {
    await database.migrate();
    if (!(await findBusiness(database.db))) throw new NoBusinessHere(config);
    const counts = await buildServices({ config, database, clock: systemClock, logger }).runJobs();
    process.stdout.write(`${JSON.stringify(counts)}\n`);
  } finally {
    await database.close();
  }
}

class NoBusinessHere extends Error {
  constructor(config: Config, note?: string) {
    super(`npm run jobs: ${describeDatabase(config)}${note ? ` (${note})` : ""} holds no business, so there is nothing to tick: is DATA_DIR or DATABASE_URL the one the server uses?`);
  }
}

/** Which database the configuration names, fit to print: the data directory, or the URL without its password. */
function describeDatabase(config: Config): string {
  if (config.databaseUrl === undefined) return `the embedded database in ${path.resolve(config.dataDir)} (DATA_DIR)`;
  if (config.databaseUrl === "memory://") return "the in-memory database (DATABASE_URL=memory://)";
  const url = new URL(config.databaseUrl);
  url.password = "";
  return `the PostgreSQL database ${url.toString()} (DATABASE_URL)`;
}

async function tickOnServer(server: NonNullable<EmbeddedOwner["server"]>): Promise<JobCounts> {
  const res = await fetch(`http://127.0.0.1:${server.port}/internal/jobs/run`, { method: "POST", headers: { [LOCAL_TOKEN_HEADER]: server.token } });
  if (!res.ok) throw new Error(`the server holding the embedded database answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as JobCounts;
}

tick().catch((error) => {
  const message = error instanceof ConfigError ? `Configuration error: ${error.message}` : error instanceof EmbeddedDatabaseInUse || error instanceof NoBusinessHere ? error.message : `jobs failed: ${error instanceof Error ? error.stack : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});

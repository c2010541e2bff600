/**
 * npm run jobs: one tick of every due job, then exit. Safe to run from several machines at once.
 * On the embedded database, which one process may open, a running server holds it: the tick is
 * then handed to that server over its local jobs route.
 */
import { systemClock } from "../src/clock";
import { ConfigError, ENV_FILE, loadConfig } from "../src/config/config";
import { type Database, openDatabase } from "../src/db/client";
import { EmbeddedDatabaseInUse, type EmbeddedOwner } from "../src/db/embeddedOwner";
import { LOCAL_TOKEN_HEADER } from "../src/http/localJobs";
import type { JobCounts } from "../src/jobs/jobs";
import { createLogger } from "../src/logger";
import { buildServices } from "../src/services";

async function tick(): Promise<void> {
  const config = loadConfig(process.env, { envFile: ENV_FILE });
  const logger = createLogger(config.logLevel);
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
    const counts = await buildServices({ config, database, clock: systemClock, logger }).runJobs();
    process.stdout.write(`${JSON.stringify(counts)}\n`);
  } finally {
    await database.close();
  }
}

async function tickOnServer(server: NonNullable<EmbeddedOwner["server"]>): Promise<JobCounts> {
  const res = await fetch(`http://127.0.0.1:${server.port}/internal/jobs/run`, { method: "POST", headers: { [LOCAL_TOKEN_HEADER]: server.token } });
  if (!res.ok) throw new Error(`the server holding the embedded database answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as JobCounts;
}

tick().catch((error) => {
  const message = error instanceof ConfigError ? `Configuration error: ${error.message}` : error instanceof EmbeddedDatabaseInUse ? error.message : `jobs failed: ${error instanceof Error ? error.stack : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});

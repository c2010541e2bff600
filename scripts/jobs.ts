/** npm run jobs: one tick of every due job, then exit. Safe to run from several machines at once. */
import { systemClock } from "../src/clock";
import { ConfigError, loadConfig } from "../src/config/config";
import { openDatabase } from "../src/db/client";
import { createLogger } from "../src/logger";
import { buildServices } from "../src/services";

async function tick(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, maxConnections: 4 });
  try {
    await database.migrate();
    const counts = await buildServices({ config, database, clock: systemClock, logger }).runJobs();
    process.stdout.write(`${JSON.stringify(counts)}\n`);
  } finally {
    await database.close();
  }
}

tick().catch((error) => {
  process.stderr.write(error instanceof ConfigError ? `Configuration error: ${error.message}\n` : `jobs failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

/** npm run migrate: apply migrations to DATABASE_URL (or the embedded database) and exit. */
import fs from "node:fs";
import { ConfigError, ENV_FILE, loadConfig } from "../src/config/config";
import { openDatabase } from "../src/db/client";

async function run(): Promise<void> {
  const config = loadConfig(process.env, { envFile: ENV_FILE });
  if (config.databaseUrl === undefined) fs.mkdirSync(config.dataDir, { recursive: true });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, maxConnections: 1 });
  try {
    await database.migrate();
    process.stdout.write(`migrations applied (${database.engine})\n`);
  } finally {
    await database.close();
  }
}

run().catch((error) => {
  process.stderr.write(error instanceof ConfigError ? `Configuration error: ${error.message}\n` : `migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

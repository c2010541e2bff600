/** The composition root: config → database → app; start, and stop cleanly on SIGTERM/SIGINT. */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { systemClock } from "./clock";
import { ConfigError, ENV_FILE, loadConfig } from "./config/config";
import { openDatabase } from "./db/client";
import { announceServer } from "./db/embeddedOwner";
import { getBusiness } from "./booking/business";
import { inviteDemoOwner, seedDemoIfEmpty } from "./demo/demoBusiness";
import { setPasswordUrl } from "./http/admin/userRoutes";
import { createLogger } from "./logger";
import { createApp } from "./server";
import { buildServices } from "./services";
import { consoleBundle } from "./web/console/build";

/** The codes of a lost connection: postgres.js's own and the socket's. */
const CONNECTION_LOST = new Set(["CONNECTION_CLOSED", "CONNECTION_DESTROYED", "CONNECTION_ENDED", "ECONNRESET", "EPIPE", "ETIMEDOUT"]);

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, { envFile: ENV_FILE });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  // When PostgreSQL restarts under load, postgres.js 3.4.9 rejects promises nobody holds with the
  // connection's own error (CONNECTION_CLOSED, ECONNRESET…; porsager/postgres#1208, whose crash from
  // a timer is patched in patches/): the queries that were waiting got their own errors and their
  // requests a 5xx, the pool reconnects, so these are logged and the server goes on. Any other
  // unhandled rejection still ends the process, as Node's default does.
  process.on("unhandledRejection", (reason) => {
    if (!CONNECTION_LOST.has(String((reason as { code?: unknown } | null)?.code))) throw reason;
    logger.warn({ err: reason }, "a database connection was lost with a request pending; the pool reconnects");
  });
  // The console's bundle is built in memory (esbuild, in a process of its own, ~0.1–0.2 s) while
  // the database opens, and a broken one stops the start before listening.
  const built = Date.now();
  const bundling = consoleBundle().then(() => logger.info({ ms: Date.now() - built }, "built the console"));
  // Awaited before listening; until then a failure must not count as unhandled.
  bundling.catch(() => {});
  if (config.databaseUrl === undefined) fs.mkdirSync(config.dataDir, { recursive: true });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  const demoId = config.seedDemo ? await seedDemoIfEmpty(database.db) : undefined;
  // Only at the start that created the demo: the link is shown once, like an invitation email.
  let consoleHint = "";
  if (demoId) {
    logger.info("created the demo business (SEED_DEMO=0 to skip)");
    const token = await inviteDemoOwner(database.db, demoId, systemClock.now());
    const { slug } = await getBusiness(database.db, demoId);
    consoleHint = `Console: set the demo owner's password (one-time link, 72 h): ${setPasswordUrl(config.publicBaseUrl, token)}\nBook as a customer on the web: ${config.publicBaseUrl}/b/${slug}\n`;
  }

  // Holding the embedded database, this server runs `npm run jobs`' tick for it (see embeddedOwner.ts).
  const localJobsToken = config.databaseUrl === undefined ? randomBytes(24).toString("hex") : undefined;
  const deps = { config, database, clock: systemClock, logger, localJobsToken };
  const services = buildServices(deps);
  // Made (when SESSION_SECRET is unset) and kept at the first start, before any link needs it.
  await services.sessionSecret();
  await bundling;
  const app = createApp(deps, services);
  // WhatsApp messages acknowledged by a process that stopped before answering them.
  void services.whatsappInbox.recover({ all: true }).catch((error) => logger.error({ err: error }, "could not recover stored WhatsApp messages"));
  const server: Server = app.listen(config.port, () => {
    const port = (server.address() as AddressInfo).port;
    if (localJobsToken) announceServer(config.dataDir, { port, token: localJobsToken });
    const where = config.databaseUrl === undefined ? `embedded PostgreSQL in ${config.dataDir}` : config.databaseUrl === "memory://" ? "embedded PostgreSQL in memory" : "PostgreSQL";
    logger.info({ port, database: database.engine }, `Slotline listening on ${config.publicBaseUrl} (${where})`);
    process.stdout.write(`\nSlotline is running on http://localhost:${port}\nChat with it as a customer: ${chatCommand(port)}\n${consoleHint}\n`);
  });

  // RUN_JOBS=1: this instance also runs the jobs every minute (they are safe with other runners).
  let jobsRunning: Promise<unknown> = Promise.resolve();
  const jobTimer = config.runJobs
    ? setInterval(() => {
        jobsRunning = services.runJobs().catch((error) => logger.error({ err: error }, "jobs tick failed"));
      }, 60_000)
    : undefined;

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping: finishing requests in flight");
    if (jobTimer) clearInterval(jobTimer);
    server.close(async () => {
      await jobsRunning;
      services.mailer.close?.();
      await database.close();
      logger.info("stopped");
      process.exit(0);
    });
    // Idle keep-alive sockets would hold close() open; requests in flight still finish.
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

/** The command that chats with this server on `port`: the default port needs no option. */
function chatCommand(port: number): string {
  return port === 3000 ? "npm run chat" : `npm run chat -- --port ${port}`;
}

main().catch((error) => {
  process.stderr.write(`Slotline could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

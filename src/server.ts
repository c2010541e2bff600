/** Builds the express app from its collaborators; main.ts and the tests both call this. */
import express from "express";
import { BookingService } from "./booking/bookingService";
import type { Clock } from "./clock";
import type { Config } from "./config/config";
import type { Database } from "./db/client";
import { ConversationEngine } from "./conversation/engine";
import { healthRoutes } from "./http/health";
import { errorHandler, notFoundHandler } from "./http/problem";
import { twilioWebhookRoutes } from "./http/twilioWebhook";
import type { Logger } from "./logger";

export interface AppDeps {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
}

export function createApp(deps: AppDeps): express.Express {
  const bookingService = new BookingService(deps.clock);
  const engine = new ConversationEngine({
    database: deps.database,
    bookingService,
    clock: deps.clock,
    logger: deps.logger,
    paymentsByLink: false,
  });
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", true);
  app.use(healthRoutes(deps.database));
  app.use(twilioWebhookRoutes({ config: deps.config, engine, database: deps.database }));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}

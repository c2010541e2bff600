/** Builds the express app from its collaborators; main.ts and the tests both call this. */
import express from "express";
import type { Clock } from "./clock";
import type { Config } from "./config/config";
import type { Database } from "./db/client";
import { adminRoutes } from "./http/admin";
import { bookingPageRoutes } from "./http/bookingPage";
import { healthRoutes } from "./http/health";
import { localChatRoutes } from "./http/localChat";
import { localJobsRoutes } from "./http/localJobs";
import { consoleRoutes } from "./http/console";
import { manageRoutes } from "./http/manage";
import { errorHandler, notFoundHandler } from "./http/problem";
import { unsubscribeRoutes } from "./http/unsubscribe";
import { paymentPageRoutes } from "./http/paymentPages";
import { platformRoutes } from "./http/platform";
import { publicApiRoutes } from "./http/public";
import { stripeWebhookRoutes } from "./http/stripeWebhook";
import { twilioWebhookRoutes } from "./http/twilioWebhook";
import { whatsappWebhookRoutes } from "./http/whatsappWebhook";
import type { Logger } from "./logger";
import { type Services, buildServices } from "./services";

export interface AppDeps {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  /** Set when this server holds the embedded database: the token `npm run jobs` and `npm run chat` call its local routes with. */
  localJobsToken?: string;
}

export function createApp(deps: AppDeps, services: Services = buildServices(deps)): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // Only as many hops as configured: a forged X-Forwarded-For must not pick the address sign-in limits count against.
  app.set("trust proxy", deps.config.trustProxy);
  app.use(healthRoutes(deps.database));
  app.use(twilioWebhookRoutes({ config: deps.config, engine: services.engine, database: deps.database, outbox: services.notifier, logger: deps.logger }));
  app.use(whatsappWebhookRoutes({ config: deps.config, database: deps.database, inbox: services.whatsappInbox, logger: deps.logger }));
  app.use(paymentPageRoutes());
  app.use(unsubscribeRoutes({ db: deps.database.db, clock: deps.clock, sessionSecret: services.sessionSecret }));
  app.use(bookingPageRoutes({ config: deps.config, database: deps.database, clock: deps.clock, logger: deps.logger, services }));
  app.use(manageRoutes({ config: deps.config, database: deps.database, clock: deps.clock, logger: deps.logger, services }));
  app.use(stripeWebhookRoutes({ gateway: services.gateway, payments: services.payments, bookingService: services.bookingService, clock: deps.clock, database: deps.database, outbox: services.notifier, logger: deps.logger, manageLinks: services.manageLinks }));
  app.use(localJobsRoutes(deps.localJobsToken, services));
  app.use(localChatRoutes(deps.localJobsToken, deps.database.db));
  app.use("/admin", adminRoutes({ clock: deps.clock, config: deps.config, database: deps.database, services }));
  app.use("/console", consoleRoutes({ config: deps.config, db: deps.database.db, clock: deps.clock, logger: deps.logger }));
  app.use("/platform", platformRoutes({ config: deps.config, db: deps.database.db, clock: deps.clock }));
  app.use("/api/public", publicApiRoutes({ config: deps.config, database: deps.database, clock: deps.clock, logger: deps.logger, services }));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}

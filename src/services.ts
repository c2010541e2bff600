/** Everything the server and the jobs share, built once from config, database and clock. */
import { StaffActions } from "./http/admin/staffActions";
import { loadSessionSecret } from "./accounts/deploymentSecret";
import { ManageLinks } from "./accounts/manageLinks";
import { BookingService } from "./booking/bookingService";
import { storedCalendarBusy } from "./calendar/calendarBusy";
import { CalendarService } from "./calendar/calendarService";
import { createGoogleCalendar } from "./calendar/googleClient";
import { createSender } from "./channels/senderFromConfig";
import { Notifier } from "./channels/outbox";
import { WhatsAppInbox } from "./channels/meta/inbox";
import type { Clock } from "./clock";
import type { Config } from "./config/config";
import { ConversationEngine } from "./conversation/engine";
import { OpenAiAssistant } from "./conversation/llm/openaiAssistant";
import type { Database } from "./db/client";
import { type JobCounts, runJobs } from "./jobs/jobs";
import type { Logger } from "./logger";
import type { PaymentGateway } from "./payments/gateway";
import { PaymentService } from "./payments/paymentService";
import { createStripeGateway } from "./payments/stripeGateway";

export interface Services {
  bookingService: BookingService;
  calendar: CalendarService | undefined;
  whatsappInbox: WhatsAppInbox;
  gateway: PaymentGateway | undefined;
  payments: PaymentService;
  engine: ConversationEngine;
  notifier: Notifier;
  staffActions: StaffActions;
  /** SESSION_SECRET, or the one this deployment made for itself and keeps in the database (read once). */
  sessionSecret(): Promise<string>;
  /** Customers' manage links (/m/<token>), signed with the session secret. */
  manageLinks: ManageLinks;
  /** One tick of every job as of `now` (the clock's now by default). */
  runJobs(now?: Date): Promise<JobCounts>;
}

export interface ServiceDeps {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
}

export function buildServices(deps: ServiceDeps): Services {
  const { config, database, logger } = deps;
  const sender = createSender(config, logger);
  const statusCallbackUrl = `${config.publicBaseUrl}/webhooks/twilio/status`;
  const gateway = createStripeGateway(config.stripe);
  const calendarApi = createGoogleCalendar(config.google);
  const { apiKey: openaiKey, model, baseUrl: openaiBaseUrl, timeoutMs } = config.openai;
  // Only with a key: without one the bot understands customers with its own parser alone.
  const assistant = openaiKey ? new OpenAiAssistant({ apiKey: openaiKey, model, baseUrl: openaiBaseUrl, timeoutMs, logger }) : undefined;
  const whatsappTemplate = config.whatsapp.reminderTemplate ? { name: config.whatsapp.reminderTemplate, language: config.whatsapp.templateLanguage } : undefined;
  let secret: Promise<string> | undefined;
  const sessionSecret = () => {
    secret ??= loadSessionSecret(database.db, config.sessionSecret, deps.clock.now());
    secret.catch(() => (secret = undefined));
    return secret;
  };
  const manageLinks = new ManageLinks(config.publicBaseUrl, sessionSecret);

  /** The same wiring on any clock: the jobs endpoint runs "as of" an instant it is given. */
  const wire = (clock: Clock) => {
    const calendar = calendarApi ? new CalendarService({ api: calendarApi, database, clock, logger }) : undefined;
    // Staff calendars, when configured: their busy time in availability, bookings mirrored as events.
    const bookingService = calendar
      ? new BookingService(clock, storedCalendarBusy, { changed: (ex, ids) => calendar.changed(ex, ids), liveCheck: (ex, staffId, start, end) => calendar.liveCheck(ex, staffId, start, end) })
      : new BookingService(clock);
    const payments = new PaymentService({ gateway, bookingService, clock, logger, publicBaseUrl: config.publicBaseUrl });
    const engine = new ConversationEngine({ database, bookingService, payments, clock, logger, assistant, manageLinks });
    const notifier = new Notifier({ sender, clock, logger, statusCallbackUrl, whatsappTemplate });
    const staffActions = new StaffActions({ database, bookingService, payments, engine, outbox: notifier, clock, manageLinks });
    const whatsappInbox = new WhatsAppInbox({ database, engine, outbox: notifier, clock, logger });
    return { bookingService, gateway, payments, engine, notifier, staffActions, whatsappInbox, calendar };
  };

  const live = wire(deps.clock);
  return {
    ...live,
    sessionSecret,
    manageLinks,
    runJobs: (now = deps.clock.now()) => {
      const at = wire({ now: () => now });
      return runJobs({ database, bookingService: at.bookingService, engine: at.engine, outbox: at.notifier, whatsappInbox: at.whatsappInbox, calendar: at.calendar, logger }, now);
    },
  };
}

/** Everything the server and the jobs share, built once from config, database and clock. */
import { StaffActions } from "./http/admin/staffActions";
import { loadSessionSecret } from "./accounts/deploymentSecret";
import { ManageLinks } from "./accounts/manageLinks";
import { type BookingChange, BookingService } from "./booking/bookingService";
import { storedCalendarBusy } from "./calendar/calendarBusy";
import { CalendarService } from "./calendar/calendarService";
import { createGoogleCalendar } from "./calendar/googleClient";
import { createMailer, createSender } from "./channels/senderFromConfig";
import { EmailNotices } from "./channels/email/emailNotices";
import type { Mailer } from "./channels/email/mailer";
import { renderNotice } from "./channels/email/renderNotice";
import { bookingNotices } from "./operations/staffNotices";
import { Notifier } from "./channels/outbox";
import { WhatsAppInbox } from "./channels/meta/inbox";
import type { Clock } from "./clock";
import type { Config } from "./config/config";
import { ConversationEngine } from "./conversation/engine";
import { OpenAiAssistant } from "./conversation/llm/openaiAssistant";
import type { Database, Executor } from "./db/client";
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
  /** The emails booking changes, reminders and agendas call for, queued in their transactions. */
  emailNotices: EmailNotices;
  mailer: Mailer;
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
  const mailer = createMailer(config, logger);
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
    const emailNotices = new EmailNotices({ clock, provider: mailer.provider });
    // Every change is written up for email; staff calendars, when configured, add their busy time to availability and mirror bookings as events.
    const recorded = async (ex: Executor, changes: BookingChange[]) => {
      await emailNotices.bookingsChanged(ex, changes);
      await bookingNotices(ex, changes);
    };
    const bookingService = calendar
      ? new BookingService(clock, storedCalendarBusy, { recorded, changed: (ex, ids) => calendar.changed(ex, ids), liveCheck: (ex, staffId, start, end) => calendar.liveCheck(ex, staffId, start, end) })
      : new BookingService(clock, undefined, { recorded });
    const payments = new PaymentService({ gateway, database, bookingService, clock, logger, publicBaseUrl: config.publicBaseUrl });
    const emails = {
      emailGiven: (tx: Executor, businessId: string, customerId: string) => emailNotices.emailGiven(tx, businessId, customerId),
      staffNoticed: async (tx: Executor, notice: Parameters<EmailNotices["staffNotice"]>[1]) => void (await emailNotices.staffNotice(tx, notice)),
    };
    // A message waiting on the model holds its conversation as long as the model may take: its bound, twice with the retry, and room.
    const engine = new ConversationEngine({ database, bookingService, payments, clock, logger, assistant, manageLinks, emails, claimMs: 2 * timeoutMs + 5_000 });
    const email = { mailer, render: (db: Executor, row: Parameters<typeof renderNotice>[1]) => renderNotice(db, row, { manageLinks, publicBaseUrl: config.publicBaseUrl, from: config.email.from, now: clock.now() }) };
    const notifier = new Notifier({ sender, clock, logger, statusCallbackUrl, whatsappTemplate, email, fillLinks: (body) => payments.calls.fillCheckoutLinks(body) });
    const staffActions = new StaffActions({ database, bookingService, payments, engine, outbox: notifier, clock, manageLinks, logger });
    const whatsappInbox = new WhatsAppInbox({ database, engine, outbox: notifier, clock, logger });
    return { bookingService, gateway, payments, engine, notifier, emailNotices, staffActions, whatsappInbox, calendar };
  };

  const live = wire(deps.clock);
  return {
    ...live,
    mailer,
    sessionSecret,
    manageLinks,
    runJobs: (now = deps.clock.now()) => {
      const at = wire({ now: () => now });
      return runJobs({ database, bookingService: at.bookingService, engine: at.engine, outbox: at.notifier, emails: at.emailNotices, whatsappInbox: at.whatsappInbox, calendar: at.calendar, payments: at.payments.calls, logger }, now);
    },
  };
}

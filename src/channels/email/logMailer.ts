/** Without SMTP_URL: each email is printed to the log and recorded as `logged`, as texts are without Twilio. */
import type { Logger } from "../../logger";
import type { SendResult } from "../sender";
import type { Mailer, OutgoingEmail } from "./mailer";

export class LogMailer implements Mailer {
  readonly provider = "log";

  constructor(private readonly logger: Logger) {}

  async send(email: OutgoingEmail): Promise<SendResult> {
    this.logger.info({ to: email.to, subject: email.subject, calendar: email.calendar?.method, text: email.text }, "email (not sent: SMTP_URL is not set)");
    return { provider: this.provider, providerMessageId: email.messageId, status: "logged", retryable: false };
  }
}

/**
 * Email through any SMTP server (SMTP_URL), with nodemailer: it speaks the protocol (STARTTLS,
 * AUTH, pipelining) and builds the MIME tree (text, HTML and the calendar part as alternatives,
 * the .ics also attached), which is not this project's business to redo. Postmark, SendGrid,
 * SES and Mailgun all accept SMTP, so this one adapter serves them all.
 *
 * Replies are classed by RFC 5321 §4.2.1: 4yz is transient (retried later), 5yz permanent
 * (recorded as failed with the server's words). A dropped or timed-out connection is transient.
 */
import type nodemailer from "nodemailer";
import type { SendResult } from "../sender";
import type { Mailer, OutgoingEmail } from "./mailer";

/** The server's reply kept with a failed message: enough to read "550 5.1.1 No such user", short enough for a column. */
const ERROR_TEXT_LIMIT = 300;
/** How long (ms) a stalled server may keep us: the outbox retries later rather than holding a deliverer. */
const TIMEOUT_MS = 20_000;

export class SmtpMailer implements Mailer {
  readonly provider = "smtp";
  private readonly transport: ReturnType<typeof nodemailer.createTransport>;

  constructor(smtpUrl: string) {
    const url = new URL(smtpUrl);
    // Loaded when SMTP_URL is set rather than at every start (~50 ms, ~12 MB).
    const mailer = require("nodemailer") as typeof nodemailer;
    this.transport = mailer.createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === "smtps:" ? 465 : 587,
      secure: url.protocol === "smtps:",
      ...(url.username && { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
      // smtp:// upgrades with STARTTLS; refuse to send a password in the clear to another machine when the upgrade is not offered (or was stripped). A relay on this machine may speak plain SMTP.
      requireTLS: url.protocol === "smtp:" && !isLoopback(url.hostname),
    });
  }

  async send(email: OutgoingEmail): Promise<SendResult> {
    try {
      const info = await this.transport.sendMail({
        from: { name: email.from.name, address: email.from.address },
        to: email.to,
        ...(email.replyTo && { replyTo: email.replyTo }),
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        ...(email.calendar && { icalEvent: { method: email.calendar.method, filename: "invite.ics", content: email.calendar.content } }),
        ...(email.unsubscribeUrl && {
          list: { unsubscribe: { url: email.unsubscribeUrl, comment: "Unsubscribe" } },
          headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
        }),
      });
      return { provider: this.provider, providerMessageId: info.messageId ?? email.messageId, status: "sent", retryable: false };
    } catch (error) {
      return classify(error as SmtpError);
    }
  }

  close(): void {
    this.transport.close();
  }
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

function classify(error: SmtpError): SendResult {
  const code = error.responseCode;
  // Credentials refused (EAUTH, even with its 535) say nothing about the address: the setting is wrong, and mail waits for it to be fixed.
  if (error.code === "EAUTH") return failure((error.response ?? error.message).slice(0, ERROR_TEXT_LIMIT), true);
  if (code !== undefined) return failure((error.response ?? `${code}`).slice(0, ERROR_TEXT_LIMIT), code < 500);
  // No reply from the server: a connection refused, dropped or timed out: try again later.
  return failure(`${error.code ?? "smtp_error"}: ${error.message}`.slice(0, ERROR_TEXT_LIMIT), true);
}

function failure(errorCode: string, retryable: boolean): SendResult {
  return { provider: "smtp", providerMessageId: null, status: "failed", errorCode, retryable };
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

/**
 * Outgoing email: one interface, an adapter per way of sending (smtpMailer.ts through any SMTP
 * server, logMailer.ts when none is configured). Only types here.
 */
import type { SendResult } from "../sender";

/** A calendar part (RFC 5546 iTIP): sent as text/calendar with its METHOD, so mail apps offer to add or update the event. */
export interface CalendarPart {
  method: "REQUEST" | "CANCEL";
  /** The whole VCALENDAR text. */
  content: string;
}

export interface OutgoingEmail {
  /** The sender's display name (the business's name) and address (EMAIL_FROM's). */
  from: { name: string; address: string };
  to: string;
  /** Where replies go: the business's contact address, when it has one. */
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  /**
   * RFC 5322 Message-ID, "<…@…>", the same on every attempt of one message: when a lost connection
   * after the server accepted it makes us send it again, mail apps fold the two into one.
   */
  messageId: string;
  calendar?: CalendarPart;
  /** RFC 2369 / RFC 8058 one-click unsubscribe (non-transactional mail only): the URL a POST unsubscribes. */
  unsubscribeUrl?: string;
}

export interface Mailer {
  /** smtp or log. */
  readonly provider: string;
  /** Failures come back as results (errorCode: the server's reply, e.g. "550 5.1.1 No such user"); never throws for a provider's refusal. */
  send(email: OutgoingEmail): Promise<SendResult>;
  close?(): void;
}

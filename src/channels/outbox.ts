/**
 * The outbox: messages the business sends on its own (notices, reminders, invitations) are
 * written in the caller's transaction, so they exist exactly when what they announce does, and
 * are delivered after it commits, outside any transaction, so a slow provider never holds locks.
 *
 * A row goes queued → sending → sent | logged, or → retrying (with backoff) → … → failed, or is
 * written suppressed when the customer opted out. Claiming uses FOR UPDATE SKIP LOCKED, so several
 * instances (or the jobs and a request) can deliver at once and each message is sent once. While a
 * row is `sending`, next_attempt_at holds the end of its lease: a row still `sending` after the
 * lease (its process died mid-send) is claimed again.
 */
import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { Clock } from "../clock";
import type { Executor } from "../db/client";
import { conversations, customers, messages } from "../db/schema";
import type { Logger } from "../logger";
import { channelsOf } from "../tenancy/channels";
import { claimDue, failAbandonedSends, recordSendOutcome } from "./messageStatus";
import type { MessageSender, OutboundChannel, SendResult, SenderAddresses } from "./sender";
import type { Mailer, OutgoingEmail } from "./email/mailer";
import { noteQueued } from "../afterCommit";
import { CheckoutUnavailable, hasCheckoutLink } from "../payments/paymentCalls";

/** Sends tried before a message is given up as failed. */
export const MAX_ATTEMPTS = 5;
/** How long a claimed message may stay `sending` before another deliverer may take it over. */
export const SEND_LEASE_MINUTES = 10;
const DEFAULT_CLAIM_BATCH = 50;

/** Minutes to wait after the n-th failed attempt: 1, 2, 4, 8, 16. */
export function retryDelayMinutes(attempts: number): number {
  return 2 ** (Math.max(attempts, 1) - 1);
}

export class CustomerNotFound extends Error {
  constructor(readonly customerId: string) {
    super(`No customer ${customerId} in this business`);
    this.name = "CustomerNotFound";
  }
}

export interface NotifierDeps {
  sender: MessageSender;
  clock: Clock;
  logger: Logger;
  /** Twilio's StatusCallback for every message sent (…/webhooks/twilio/status). */
  statusCallbackUrl?: string;
  /** Messages claimed per short transaction (default 50); deliver() keeps claiming until none are due. */
  claimBatchSize?: number;
  /** The approved template for WhatsApp messages outside the 24-hour window (WHATSAPP_TEMPLATE_REMINDER). */
  whatsappTemplate?: { name: string; language: string };
  /** Unset: email rows are suppressed (tests of texts alone). */
  email?: EmailDelivery;
  /**
   * Puts the payment links into a text that waits for them (PaymentCalls.fillCheckoutLinks), opening
   * a payment page not opened yet; throws CheckoutUnavailable when it cannot. Unset: texts go as written.
   */
  fillLinks?: (body: string) => Promise<string>;
}

/** WhatsApp allows free-form messages only this long after the customer's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface OutboundMessage {
  businessId: string;
  customerId: string;
  body: string;
  /** Unset: the channel of the conversation the customer used last (SMS if none). */
  channel?: OutboundChannel;
}

export interface Enqueued {
  messageId: string;
  status: "queued" | "suppressed" | "not_sent";
}

type MessageRow = typeof messages.$inferSelect;

/** One try at sending: the provider's answer, and the words it went with when they were written at send time (an email, a text's payment link). */
type Attempt = "suppressed" | { result: SendResult; body?: string };

/** Emails: written when sent (from the row's notice), carried by SMTP or printed. */
export interface EmailDelivery {
  mailer: Mailer;
  render(db: Executor, message: MessageRow): Promise<OutgoingEmail | undefined>;
}

export class Notifier {
  /** Keeps messages queued in the same millisecond in the order they were queued. */
  private lastStamp = 0;

  constructor(private readonly deps: NotifierDeps) {}

  /** Records the message in the caller's transaction; deliver() sends it once that commits. */
  async enqueue(ex: Executor, message: OutboundMessage): Promise<Enqueued> {
    const [customer] = await ex
      .select({ phone: customers.phone, optedOutAt: customers.optedOutAt, lastInboundAt: customers.lastInboundAt })
      .from(customers)
      .where(and(eq(customers.id, message.customerId), eq(customers.businessId, message.businessId)));
    if (!customer) throw new CustomerNotFound(message.customerId);

    const conversation = await conversationFor(ex, message.customerId, message.channel);
    const now = this.deps.clock.now();
    const route = this.route(message.channel ?? conversation?.channel ?? "sms", customer.lastInboundAt, now);
    const channel = route.channel;
    const status = customer.optedOutAt ? "suppressed" : route.notSent ? "not_sent" : "queued";
    const [row] = await ex
      .insert(messages)
      .values({
        businessId: message.businessId,
        customerId: message.customerId,
        conversationId: conversation?.channel === channel ? conversation.id : null,
        direction: "out",
        channel,
        provider: this.deps.sender.provider(channel),
        address: addressOf(channel, customer.phone),
        body: message.body,
        status,
        errorCode: status === "not_sent" ? route.notSent! : null,
        payload: route.template ? { template: route.template } : null,
        nextAttemptAt: status === "queued" ? now : null,
        createdAt: this.stamp(now),
      })
      .returning({ id: messages.id });
    if (status === "not_sent") this.deps.logger.warn({ messageId: row!.id, reason: route.notSent }, "message not sent");
    if (status === "queued") noteQueued(row!.id);
    return { messageId: row!.id, status };
  }

  /**
   * WhatsApp's 24-hour rule: outside the window a free-form message is not allowed, so it goes as
   * the approved template, or by SMS when SMS can be sent, or is recorded as not sent with the
   * reason. A channel that only logs has no window to respect.
   */
  private route(wanted: OutboundChannel, lastInboundAt: Date | null, now: Date): { channel: OutboundChannel; template?: { name: string; language: string }; notSent?: string } {
    const provider = this.deps.sender.provider(wanted);
    const inWindow = lastInboundAt !== null && now.getTime() - lastInboundAt.getTime() < WHATSAPP_WINDOW_MS;
    if (wanted !== "whatsapp" || provider === "log" || inWindow) return { channel: wanted };
    if (this.deps.whatsappTemplate && provider === "meta") return { channel: wanted, template: this.deps.whatsappTemplate };
    if (this.deps.sender.provider("sms") !== "log") return { channel: "sms" };
    return { channel: wanted, notSent: "outside_24h_window" };
  }

  /**
   * Sends what is due (only these messages, when ids are given) and records each outcome. Call it
   * on the database, never inside a transaction: sending happens between short transactions.
   * Returns how many messages were sent or logged.
   */
  async deliver(db: Executor, messageIds?: string[]): Promise<number> {
    if (messageIds?.length === 0) return 0;
    await failAbandonedSends(db, { now: this.deps.clock.now(), maxAttempts: MAX_ATTEMPTS });
    let delivered = 0;
    for (;;) {
      const now = this.deps.clock.now();
      const claimed = await claimDue(db, {
        now,
        leaseUntil: addMinutes(now, SEND_LEASE_MINUTES),
        maxAttempts: MAX_ATTEMPTS,
        limit: this.deps.claimBatchSize ?? DEFAULT_CLAIM_BATCH,
        messageIds,
      });
      if (claimed.length === 0) return delivered;
      for (const message of claimed) {
        if (await this.sendOne(db, message)) delivered++;
      }
    }
  }

  /** True when the message went out (or was logged). */
  private async sendOne(db: Executor, message: MessageRow): Promise<boolean> {
    const attempt = message.channel === "email" ? await this.emailAttempt(db, message) : await this.textAttempt(db, message);
    if (attempt === "suppressed") {
      await recordSendOutcome(db, message, { status: "suppressed" });
      return false;
    }
    const { result, body } = attempt;
    if (result.status !== "failed") {
      await recordSendOutcome(db, message, {
        status: result.status === "logged" ? "logged" : "sent",
        provider: result.provider,
        providerMessageId: result.providerMessageId,
        ...(body !== undefined && { body }),
      });
      return true;
    }
    const retry = result.retryable && message.attempts < MAX_ATTEMPTS;
    const log = { messageId: message.id, provider: result.provider, errorCode: result.errorCode, attempts: message.attempts };
    if (retry) {
      const nextAttemptAt = addMinutes(this.deps.clock.now(), retryDelayMinutes(message.attempts));
      this.deps.logger.warn({ ...log, nextAttemptAt }, "outbound message failed, will retry");
      await recordSendOutcome(db, message, { status: "retrying", errorCode: result.errorCode ?? null, nextAttemptAt });
    } else {
      this.deps.logger.error(log, "outbound message failed");
      await recordSendOutcome(db, message, { status: "failed", errorCode: result.errorCode ?? null });
    }
    return false;
  }

  private async textAttempt(db: Executor, message: MessageRow): Promise<Attempt> {
    if (await this.optedOut(db, message.customerId)) return "suppressed";
    let body = message.body;
    if (this.deps.fillLinks && hasCheckoutLink(body)) {
      try {
        body = await this.deps.fillLinks(body);
      } catch (error) {
        if (!(error instanceof CheckoutUnavailable)) throw error;
        // The provider is down: try again later. No page will be opened any more (paid, lapsed, cancelled): nothing to send.
        return { result: { provider: message.provider, providerMessageId: null, status: "failed", errorCode: error.retryable ? "payment_page_unavailable" : "payment_page_gone", retryable: error.retryable } };
      }
    }
    return { result: await this.trySend({ ...message, body }, await senderAddressesOf(db, message.businessId)), ...(body !== message.body && { body }) };
  }

  /**
   * An email is put into words now (renderNotice.ts), from the booking as it is after the change
   * committed; the text part becomes the row's body. A texting opt-out (STOP) is about texts and
   * does not stop booking emails; an email about something since erased is not sent.
   */
  private async emailAttempt(db: Executor, message: MessageRow): Promise<Attempt> {
    const email = this.deps.email;
    if (!email || (message.recipient === "customer" && message.customerId === null)) return "suppressed";
    let mail: OutgoingEmail | undefined;
    try {
      mail = await email.render(db, message);
    } catch (error) {
      this.deps.logger.error({ err: error, messageId: message.id }, "email could not be written");
      return { result: { provider: email.mailer.provider, providerMessageId: null, status: "failed", errorCode: "render_error", retryable: true } };
    }
    if (!mail) return "suppressed";
    try {
      return { result: await email.mailer.send(mail), body: mail.text };
    } catch (error) {
      this.deps.logger.error({ err: error, messageId: message.id }, "mailer threw");
      return { result: { provider: email.mailer.provider, providerMessageId: null, status: "failed", errorCode: "mailer_error", retryable: true } };
    }
  }

  private async trySend(message: MessageRow, from: SenderAddresses): Promise<SendResult> {
    try {
      return await this.deps.sender.send({
        channel: message.channel as OutboundChannel,
        to: message.address,
        from,
        body: message.body,
        // Our id in the URL lets the callback find the message even before its SID is stored.
        statusCallbackUrl: this.deps.statusCallbackUrl && `${this.deps.statusCallbackUrl}?message=${message.id}`,
        reference: message.id,
        template: (message.payload as { template?: { name: string; language: string } } | null)?.template,
      });
    } catch (error) {
      // Senders report provider failures as results; a throw is unexpected, so keep the message for another try.
      this.deps.logger.error({ err: error, messageId: message.id }, "message sender threw");
      return { provider: message.provider, providerMessageId: null, status: "failed", errorCode: "sender_error", retryable: true };
    }
  }

  private async optedOut(db: Executor, customerId: string | null): Promise<boolean> {
    // A customer erased since the message was queued is treated like one who opted out.
    if (customerId === null) return true;
    const [row] = await db
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.id, customerId), isNotNull(customers.optedOutAt)));
    return row !== undefined;
  }

  private stamp(now: Date): Date {
    const t = now.getTime();
    const next = t <= this.lastStamp && this.lastStamp - t < 1000 ? this.lastStamp + 1 : t;
    this.lastStamp = next;
    return new Date(next);
  }
}

/** Each business's messages leave from its own addresses: its first Twilio number, its WhatsApp number. */
async function senderAddressesOf(db: Executor, businessId: string): Promise<SenderAddresses> {
  const { twilioNumbers, whatsappPhoneNumberId } = await channelsOf(db, businessId);
  return { ...(twilioNumbers[0] && { twilioNumber: twilioNumbers[0] }), ...(whatsappPhoneNumberId && { whatsappPhoneNumberId }) };
}

/** The conversation on the given channel, or the one the customer was active in last. */
async function conversationFor(ex: Executor, customerId: string, channel: OutboundChannel | undefined) {
  const [row] = await ex
    .select({ id: conversations.id, channel: conversations.channel })
    .from(conversations)
    .where(and(eq(conversations.customerId, customerId), channel ? eq(conversations.channel, channel) : undefined))
    .orderBy(desc(conversations.lastActivityAt))
    .limit(1);
  return row;
}

function addressOf(channel: OutboundChannel, phone: string): string {
  return channel === "whatsapp" ? `whatsapp:${phone}` : phone;
}

function addMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * 60_000);
}

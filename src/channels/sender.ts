/**
 * Outbound messages: one interface, one adapter per provider (twilio/, meta/, log/), chosen per
 * channel by config (senderFromConfig.ts). Only types here, so the adapters and their callers
 * depend on this file and never on each other.
 */

export type OutboundChannel = "sms" | "whatsapp";

export interface OutboundRequest {
  channel: OutboundChannel;
  /** "+15551234567", or "whatsapp:+15551234567" on WhatsApp. */
  to: string;
  body: string;
  /** Where the provider reports delivery (Twilio's StatusCallback). */
  statusCallbackUrl?: string;
  /**
   * Our id of the message, for providers that echo a reference in their delivery updates (Meta's
   * `biz_opaque_callback_data`): an update that arrives before the send's answer is stored still finds it.
   */
  reference?: string;
  /** Send as this approved WhatsApp template, the body as its one parameter (outside the 24-hour window). */
  template?: { name: string; language: string };
}

export interface SendResult {
  /** Who carried (or refused) the message: twilio, log, … */
  provider: string;
  providerMessageId: string | null;
  /** queued/sent: the provider accepted it; logged: printed only; failed: not sent. */
  status: "queued" | "sent" | "logged" | "failed";
  /** The provider's error code (Twilio's 21211, …), or what went wrong on the way there. */
  errorCode?: string;
  /** Whether trying again later may succeed (rate limit, provider outage, network). */
  retryable: boolean;
}

/** Senders report failures as results; they throw only on programming errors. */
export interface MessageSender {
  send(req: OutboundRequest): Promise<SendResult>;
  /** The provider that will carry messages on this channel. */
  provider(channel: OutboundChannel): string;
}

/**
 * Outbound messages: one interface, one adapter per provider (twilio/, meta/, log/), chosen per
 * channel by config (senderFromConfig.ts). Only types here, so the adapters and their callers
 * depend on this file and never on each other.
 */

export type OutboundChannel = "sms" | "whatsapp";

/**
 * The sending business's own addresses (the ones it claims): each adapter takes the one it sends
 * from, and falls back to the deployment's (config) when the business has none. The credentials
 * stay the deployment's: one Twilio account, one Meta app.
 */
export interface SenderAddresses {
  /** E.164: Twilio's `From` (prefixed "whatsapp:" on WhatsApp). */
  twilioNumber?: string;
  /** The Cloud API phone number id messages are posted to. */
  whatsappPhoneNumberId?: string;
}

export interface OutboundRequest {
  channel: OutboundChannel;
  /** "+15551234567", or "whatsapp:+15551234567" on WhatsApp. */
  to: string;
  /** Unset: the deployment's sender for the channel. */
  from?: SenderAddresses;
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

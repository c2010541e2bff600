/**
 * Outbound messages: one interface, one adapter per provider, chosen per channel by config.
 * WhatsApp goes through Meta's Cloud API when WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID are set.
 * Twilio carries a channel only when the SID, the token and that channel's sender are all set;
 * otherwise the message is printed to the log (status `logged`), so a fresh install still works.
 */
import type { Config } from "../config/config";
import type { Logger } from "../logger";
import { LogSender } from "./logSender";
import { MetaSender } from "./metaSender";
import { TwilioSender } from "./twilioSender";

export type OutboundChannel = "sms" | "whatsapp";

export interface OutboundRequest {
  channel: OutboundChannel;
  /** "+15551234567", or "whatsapp:+15551234567" on WhatsApp. */
  to: string;
  body: string;
  /** Where the provider reports delivery (Twilio's StatusCallback). */
  statusCallbackUrl?: string;
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

export function createSender(config: Config, logger: Logger): MessageSender {
  const { accountSid, authToken, smsFrom, whatsappFrom, apiBase } = config.twilio;
  const log = new LogSender(logger);
  const twilio =
    accountSid && authToken && (smsFrom || whatsappFrom)
      ? new TwilioSender({ accountSid, authToken, smsFrom, whatsappFrom, apiBase })
      : undefined;
  const { token, phoneNumberId, apiBase: graphApiBase } = config.whatsapp;
  // A business on Meta's Cloud API talks WhatsApp there, even when Twilio also has a WhatsApp sender.
  const meta = token && phoneNumberId ? new MetaSender({ token, phoneNumberId, apiBase: graphApiBase }) : undefined;
  const byChannel: Record<OutboundChannel, MessageSender> = {
    sms: twilio && smsFrom ? twilio : log,
    whatsapp: meta ?? (twilio && whatsappFrom ? twilio : log),
  };
  return {
    send: (req) => byChannel[req.channel].send(req),
    provider: (channel) => byChannel[channel].provider(channel),
  };
}

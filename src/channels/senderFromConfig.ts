/**
 * The sender for each channel, chosen by config (and the mailer for email). WhatsApp goes through Meta's Cloud API when
 * WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID are set.
 * Twilio carries a channel only when the SID, the token and that channel's sender are all set;
 * otherwise the message is printed to the log (status `logged`), so a fresh install still works.
 */
import type { Config } from "../config/config";
import type { Logger } from "../logger";
import { LogSender } from "./log/sender";
import { MetaSender } from "./meta/sender";
import type { MessageSender, OutboundChannel } from "./sender";
import { LogMailer } from "./email/logMailer";
import type { Mailer } from "./email/mailer";
import { SmtpMailer } from "./email/smtpMailer";
import { TwilioSender } from "./twilio/sender";

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

/** Email through SMTP_URL's server, or printed to the log (status `logged`) without one. */
export function createMailer(config: Config, logger: Logger): Mailer {
  return config.email.smtpUrl ? new SmtpMailer(config.email.smtpUrl) : new LogMailer(logger);
}

/** Twilio's inbound message webhook, read and checked. SMS, and WhatsApp when From starts with "whatsapp:". */
// The SDK's own modules for these two, not its index, which loads the whole REST client (~180 ms, ~24 MB).
import MessagingResponse from "twilio/lib/twiml/MessagingResponse";
import { validateRequest } from "twilio/lib/webhooks/webhooks";
import type { InboundMessage } from "../../conversation/engine";

export type TwilioParams = Record<string, string>;

/** twilio's own check: HMAC-SHA1 over the public URL plus the sorted form parameters. */
export function hasValidTwilioSignature(authToken: string, signature: string | undefined, url: string, params: TwilioParams): boolean {
  if (!signature) return false;
  return validateRequest(authToken, signature, url, params);
}

/** The message, or undefined when the form lacks what every Twilio message webhook carries. */
export function parseTwilioInbound(params: TwilioParams): InboundMessage | undefined {
  const sid = params.MessageSid ?? params.SmsMessageSid;
  const from = params.From;
  if (!sid || !from) return undefined;
  const whatsapp = from.startsWith("whatsapp:");
  const phone = whatsapp ? from.slice("whatsapp:".length) : from;
  return {
    provider: "twilio",
    providerMessageId: sid,
    channel: whatsapp ? "whatsapp" : "sms",
    phone,
    address: from,
    body: params.Body ?? "",
    mediaCount: Number.parseInt(params.NumMedia ?? "0", 10) || 0,
  };
}

/** The number the customer wrote to (Twilio's `To`, without "whatsapp:"): which business the message is for. */
export function twilioRecipient(params: TwilioParams): string {
  return (params.To ?? "").replace(/^whatsapp:/, "");
}

export function twiml(replies: string[]): string {
  const response = new MessagingResponse();
  for (const text of replies) response.message(text);
  return response.toString();
}

/**
 * Speaks to Slotline the way Twilio does: a form-encoded message webhook signed with the auth
 * token (twilio's own helper), and TwiML read back. Used by `npm run chat`, the bench and tests.
 */
import { randomBytes } from "node:crypto";
import { XMLParser } from "fast-xml-parser";
import twilio from "twilio";
import { UNANSWERED_HEADER } from "../src/http/twilioWebhook";

export interface TwilioTarget {
  /** Where the server listens, e.g. http://127.0.0.1:3000 */
  serverUrl: string;
  /** The URL Twilio would have called (PUBLIC_BASE_URL): the signature covers it. */
  publicBaseUrl: string;
  authToken: string | undefined;
}

export interface CustomerMessage {
  from: string;
  body: string;
  to?: string;
  messageSid?: string;
  numMedia?: number;
}

export function newMessageSid(): string {
  return `SM${randomBytes(16).toString("hex")}`;
}

export function twilioForm(message: CustomerMessage): Record<string, string> {
  return {
    MessageSid: message.messageSid ?? newMessageSid(),
    AccountSid: "AC00000000000000000000000000000000",
    From: message.from,
    To: message.to ?? "+15550001111",
    Body: message.body,
    NumMedia: String(message.numMedia ?? 0),
  };
}

export function signatureFor(target: TwilioTarget, path: string, form: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(target.authToken ?? "unset", target.publicBaseUrl + path, form);
}

/**
 * Posts one signed message webhook. Returns the HTTP status, the replies in the TwiML, the raw
 * body, and why the server left the message unanswered when it says so ("no-business").
 */
export async function sendAsCustomer(target: TwilioTarget, message: CustomerMessage): Promise<{ status: number; replies: string[]; body: string; unanswered: string | undefined }> {
  const form = twilioForm(message);
  const response = await fetch(`${target.serverUrl}/webhooks/twilio`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signatureFor(target, "/webhooks/twilio", form) },
    body: new URLSearchParams(form).toString(),
  });
  const body = await response.text();
  return { status: response.status, replies: response.ok ? readTwimlMessages(body) : [], body, unanswered: response.headers.get(UNANSWERED_HEADER) ?? undefined };
}

const xml = new XMLParser({ ignoreAttributes: true, isArray: (name) => name === "Message", parseTagValue: false, trimValues: false });

/** The text of every <Message> in a TwiML <Response>. */
export function readTwimlMessages(twimlText: string): string[] {
  const doc = xml.parse(twimlText) as { Response?: { Message?: (string | { "#text"?: string })[] } | string };
  const response = doc.Response;
  if (!response || typeof response === "string") return [];
  return (response.Message ?? []).map((m) => (typeof m === "string" ? m : (m["#text"] ?? "")));
}

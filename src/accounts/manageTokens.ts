/**
 * Customers' manage links (/m/<token>): a token names one booking and is signed with the session
 * secret (HMAC-SHA256, RFC 2104), so nobody without the secret can make or alter one. It carries no
 * personal data: the booking id's 16 bytes and the first 16 bytes of the signature, base64url
 * (44 characters). It stops working 30 days after the booking's start, checked against the booking
 * as it is when the link is opened (a moved booking's link lives as long as the booking).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

const ID_BYTES = 16;
const SIGNATURE_BYTES = 16;
/** 22 + 22 base64url characters. */
const TOKEN = /^[A-Za-z0-9_-]{44}$/;
/** A manage link inside any text (a message body, a log line). */
const LINK_IN_TEXT = /\/m\/[A-Za-z0-9_-]{44}/g;
const DAY_MS = 86_400_000;

export const MANAGE_LINK_DAYS_AFTER_START = 30;

function signature(secret: string, id: Buffer): Buffer {
  return createHmac("sha256", secret).update("slotline-manage:").update(id).digest().subarray(0, SIGNATURE_BYTES);
}

/** The token for a booking id (a UUID). */
export function manageToken(secret: string, bookingId: string): string {
  const id = Buffer.from(bookingId.replace(/-/g, ""), "hex");
  if (id.length !== ID_BYTES) throw new Error(`not a booking id: ${bookingId}`);
  return id.toString("base64url") + signature(secret, id).toString("base64url");
}

/** The booking id a token names, or undefined when it is malformed or its signature does not match. */
export function bookingIdOfManageToken(secret: string, token: string): string | undefined {
  if (!TOKEN.test(token)) return undefined;
  const id = Buffer.from(token.slice(0, 22), "base64url");
  const given = Buffer.from(token.slice(22), "base64url");
  if (id.length !== ID_BYTES || given.length !== SIGNATURE_BYTES || !timingSafeEqual(given, signature(secret, id))) return undefined;
  // 22 characters carry 132 bits for 128: an altered unused low bit decodes to the same bytes, so only the one spelling is accepted.
  if (id.toString("base64url") !== token.slice(0, 22) || given.toString("base64url") !== token.slice(22)) return undefined;
  const hex = id.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Whether a link to a booking starting at `start` still works at `now` (until 30 days after the start). */
export function manageLinkLive(start: Date, now: Date): boolean {
  return now.getTime() <= start.getTime() + MANAGE_LINK_DAYS_AFTER_START * DAY_MS;
}

/** The text with every manage link's token replaced by "[redacted]": for logs, which must never hold one. */
export function redactManageLinks(text: string): string {
  return text.replace(LINK_IN_TEXT, "/m/[redacted]");
}

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

/** What a token is for: a token made for one purpose is refused for another (a manage link never unsubscribes). */
export type TokenPurpose = "manage" | "unsubscribe";

function signature(secret: string, purpose: TokenPurpose, id: Buffer): Buffer {
  return createHmac("sha256", secret).update(`slotline-${purpose}:`).update(id).digest().subarray(0, SIGNATURE_BYTES);
}

/** The token for a booking id (a UUID). */
export function manageToken(secret: string, bookingId: string): string {
  return signedIdToken(secret, "manage", bookingId);
}

/** The booking id a token names, or undefined when it is malformed or its signature does not match. */
export function bookingIdOfManageToken(secret: string, token: string): string | undefined {
  return idOfSignedToken(secret, "manage", token);
}

/** A token naming one id (a UUID) for one purpose: the id's 16 bytes and 16 bytes of its HMAC, base64url. */
export function signedIdToken(secret: string, purpose: TokenPurpose, uuid: string): string {
  const id = Buffer.from(uuid.replace(/-/g, ""), "hex");
  if (id.length !== ID_BYTES) throw new Error(`not an id: ${uuid}`);
  return id.toString("base64url") + signature(secret, purpose, id).toString("base64url");
}

/** The id a token made for `purpose` names, or undefined when it is malformed or its signature does not match. */
export function idOfSignedToken(secret: string, purpose: TokenPurpose, token: string): string | undefined {
  if (!TOKEN.test(token)) return undefined;
  const id = Buffer.from(token.slice(0, 22), "base64url");
  const given = Buffer.from(token.slice(22), "base64url");
  // 22 base64url characters carry 132 bits for 128: the last one's spare bits are ignored when
  // decoding, so only the one canonical spelling of each token is accepted (no second link to a booking).
  if (id.toString("base64url") + given.toString("base64url") !== token) return undefined;
  if (id.length !== ID_BYTES || given.length !== SIGNATURE_BYTES || !timingSafeEqual(given, signature(secret, purpose, id))) return undefined;
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

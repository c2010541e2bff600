/** Bearer secrets handed out once (session ids, set-password links, API keys' secrets): 256 random bits, stored as their SHA-256. */
import { createHash, randomBytes } from "node:crypto";

export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

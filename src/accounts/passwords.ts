/**
 * Password hashing with Node's own scrypt: N = 2^15, r = 8, p = 1 (32 MiB and some tens of
 * milliseconds per hash), a 16-byte random salt, a 32-byte key. OWASP's list prefers N = 2^17 (or
 * p = 3 at N = 2^15); we stay lighter for small shared servers, and the stored string carries its
 * parameters — `scrypt$N$r$p$salt$hash` — so they can be raised later without locking anyone out.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
/** A password shorter than this is refused. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is just short of that at N = 2^15.
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** Whether the password matches the stored hash; a malformed hash matches nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const given = await derive(password, Buffer.from(salt, "base64"), Number(n), Number(r), Number(p));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A hash of nothing anyone knows: checked against when the email is unknown, so a miss takes as long as a wrong password. */
export const DECOY_HASH = `scrypt$${N}$${R}$${P}$${Buffer.alloc(16).toString("base64")}$${Buffer.alloc(KEY_LENGTH).toString("base64")}`;

import { randomUUID } from "node:crypto";
import { bookingIdOfManageToken, manageLinkLive, manageToken, redactManageLinks } from "../../src/accounts/manageTokens";

const SECRET = "a-test-secret-of-enough-length-123";

describe("manage tokens", () => {
  it("names the booking back, in 44 URL-safe characters that hold no personal data", () => {
    const id = randomUUID();
    const token = manageToken(SECRET, id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(bookingIdOfManageToken(SECRET, token)).toBe(id);
  });

  it("refuses an altered token, one signed with another secret, and anything malformed", () => {
    const token = manageToken(SECRET, randomUUID());
    // Each character with its lowest bit flipped: for the last character of each half, that bit is one
    // base64 decoding ignores, so only a check of the canonical spelling refuses it.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let position = 0; position < token.length; position++) {
      const flipped = alphabet[alphabet.indexOf(token[position]!) ^ 1];
      const altered = token.slice(0, position) + flipped + token.slice(position + 1);
      expect({ position, id: bookingIdOfManageToken(SECRET, altered) }).toEqual({ position, id: undefined });
    }
    expect(bookingIdOfManageToken("another-secret", token)).toBeUndefined();
    expect(bookingIdOfManageToken(SECRET, token.slice(1))).toBeUndefined();
    expect(bookingIdOfManageToken(SECRET, `${token}A`)).toBeUndefined();
    expect(bookingIdOfManageToken(SECRET, "../../etc/passwd")).toBeUndefined();
  });

  it("works until 30 days after the booking's start", () => {
    const start = new Date("2026-03-03T15:00:00Z");
    expect(manageLinkLive(start, new Date("2026-04-02T15:00:00Z"))).toBe(true);
    expect(manageLinkLive(start, new Date("2026-04-02T15:00:01Z"))).toBe(false);
  });

  it("redacts every link's token in a text", () => {
    const a = manageToken(SECRET, randomUUID());
    const b = manageToken(SECRET, randomUUID());
    const text = `Booked. Manage: https://x.test/m/${a} or http://localhost:3000/m/${b}.`;
    expect(redactManageLinks(text)).toBe("Booked. Manage: https://x.test/m/[redacted] or http://localhost:3000/m/[redacted].");
  });
});

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
    for (const position of [0, 21, 22, 43]) {
      const altered = token.slice(0, position) + (token[position] === "A" ? "B" : "A") + token.slice(position + 1);
      expect(bookingIdOfManageToken(SECRET, altered)).toBeUndefined();
    }
    expect(bookingIdOfManageToken("another-secret", token)).toBeUndefined();
    expect(bookingIdOfManageToken(SECRET, token.slice(1))).toBeUndefined();
    expect(bookingIdOfManageToken(SECRET, `${token}A`)).toBeUndefined();
    expect(bookingIdOfManageToken(SECRET, "../../etc/passwd")).toBeUndefined();
  });

  it("refuses another spelling of a token: the last character of each half has bits that decode to nothing", () => {
    const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const token = manageToken(SECRET, "5f0c2a9e-71d8-4b3c-9a1e-0123456789ab");
    for (const position of [21, 43]) {
      // The lowest of the 6 bits lies beyond the 16 bytes: flipped, the bytes decode the same.
      const respelled = token.slice(0, position) + BASE64URL[BASE64URL.indexOf(token[position]!) ^ 1] + token.slice(position + 1);
      expect(Buffer.from(respelled.slice(0, 22), "base64url")).toEqual(Buffer.from(token.slice(0, 22), "base64url"));
      expect(bookingIdOfManageToken(SECRET, respelled)).toBeUndefined();
    }
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

import type { OutgoingEmail } from "../../../src/channels/email/mailer";
import { SmtpMailer } from "../../../src/channels/email/smtpMailer";
import { FAKE_SMTP_PASS, FAKE_SMTP_USER, type FakeSmtp, type ReceivedMail, startSmtpServer } from "../../fakes/smtpServer";

const INVITE = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//Slotline//Test//EN",
  "METHOD:REQUEST",
  "BEGIN:VEVENT",
  "UID:booking-42@slotline.example",
  "DTSTAMP:20250301T090000Z",
  "DTSTART:20250305T150000Z",
  "DTEND:20250305T160000Z",
  "SUMMARY:Haircut at Salon Lumière",
  "ORGANIZER;CN=Salon Lumière:mailto:bookings@example.com",
  "ATTENDEE;CN=Ann:mailto:ann@example.org",
  "SEQUENCE:0",
  "STATUS:CONFIRMED",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");

function email(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    from: { name: "Salon Lumière", address: "bookings@example.com" },
    to: "ann@example.org",
    subject: "Your haircut on Wednesday 5 March at 15:00",
    text: "See you on Wednesday at 15:00.",
    html: "<p>See you on <b>Wednesday</b> at 15:00.</p>",
    messageId: "<booking-42.confirm@slotline.example>",
    ...overrides,
  };
}

/** A header as it was sent: mailparser's header map folds the List-* headers together. */
function headerLine(mail: ReceivedMail, name: string): string | undefined {
  return mail.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
}

let smtp: FakeSmtp;
let mailer: SmtpMailer | undefined;
beforeEach(async () => {
  smtp = await startSmtpServer();
});
afterEach(async () => {
  mailer?.close();
  mailer = undefined;
  await smtp.close();
});

function mailerFor(url: string): SmtpMailer {
  mailer = new SmtpMailer(url);
  return mailer;
}

describe("SmtpMailer", () => {
  describe("a message the server accepts", () => {
    it("is sent with its text, HTML and a REQUEST calendar part, under the given Message-ID, sender name and Reply-To, with one-click unsubscribe headers", async () => {
      const result = await mailerFor(smtp.url).send(
        email({ replyTo: "desk@salon.example", calendar: { method: "REQUEST", content: INVITE }, unsubscribeUrl: "https://bot.example.test/u/tok123" }),
      );

      expect(result).toEqual({ provider: "smtp", providerMessageId: "<booking-42.confirm@slotline.example>", status: "sent", retryable: false });
      expect(smtp.received).toHaveLength(1);
      const mail = smtp.received[0]!;
      expect(mail.envelope).toEqual({ from: "bookings@example.com", to: ["ann@example.org"] });
      expect(mail.messageId).toBe("<booking-42.confirm@slotline.example>");
      expect(mail.fromHeader).toBe('"Salon Lumière" <bookings@example.com>');
      expect(mail.to).toBe("ann@example.org");
      expect(mail.parsed.replyTo?.text).toBe("desk@salon.example");
      expect(mail.subject).toBe("Your haircut on Wednesday 5 March at 15:00");
      expect(mail.text).toBe("See you on Wednesday at 15:00.");
      expect(mail.html).toBe("<p>See you on <b>Wednesday</b> at 15:00.</p>");
      expect(mail.calendar).toBe(INVITE);
      expect(mail.calendarMethod).toBe("REQUEST");
      expect(mail.parsed.attachments.map((a) => [a.contentType, a.filename])).toEqual([
        ["text/calendar", undefined],
        ["application/ics", "invite.ics"],
      ]);
      expect(headerLine(mail, "List-Unsubscribe")).toBe("List-Unsubscribe: <https://bot.example.test/u/tok123> (Unsubscribe)");
      expect(headerLine(mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    });

    it("sends a CANCEL calendar part with its method", async () => {
      const cancel = INVITE.replace("METHOD:REQUEST", "METHOD:CANCEL").replace("STATUS:CONFIRMED", "STATUS:CANCELLED");
      await mailerFor(smtp.url).send(email({ calendar: { method: "CANCEL", content: cancel } }));

      expect(smtp.received[0]!.calendarMethod).toBe("CANCEL");
      expect(smtp.received[0]!.calendar).toBe(cancel);
    });

    it("carries no Reply-To, calendar part or unsubscribe headers when none are given", async () => {
      await mailerFor(smtp.url).send(email());

      const mail = smtp.received[0]!;
      expect(mail.parsed.replyTo).toBeUndefined();
      expect(mail.calendar).toBeUndefined();
      expect(mail.parsed.attachments).toEqual([]);
      expect(headerLine(mail, "List-Unsubscribe")).toBeUndefined();
      expect(headerLine(mail, "List-Unsubscribe-Post")).toBeUndefined();
    });
  });

  describe("failures", () => {
    it("reports a deferral (4xx) as a retryable failure with the server's reply, and the next attempt goes through", async () => {
      smtp.deferNext(1);
      const m = mailerFor(smtp.url);

      expect(await m.send(email())).toEqual({
        provider: "smtp",
        providerMessageId: null,
        status: "failed",
        errorCode: "451 4.3.0 Try again later",
        retryable: true,
      });
      expect(smtp.received).toHaveLength(0);

      expect(await m.send(email())).toMatchObject({ status: "sent" });
      expect(smtp.received.map((r) => r.messageId)).toEqual(["<booking-42.confirm@slotline.example>"]);
    });

    it("reports a refused recipient (5xx) as a permanent failure with the server's reply", async () => {
      smtp.rejectRecipient("nobody@example.org");

      expect(await mailerFor(smtp.url).send(email({ to: "nobody@example.org" }))).toEqual({
        provider: "smtp",
        providerMessageId: null,
        status: "failed",
        errorCode: "550 5.1.1 No such user",
        retryable: false,
      });
      expect(smtp.received).toHaveLength(0);
    });

    it("reports a connection lost after the server took the message as retryable (the server may have it: the retry keeps the Message-ID)", async () => {
      smtp.dropNext(1);

      const result = await mailerFor(smtp.url).send(email());

      expect(result).toMatchObject({ provider: "smtp", providerMessageId: null, status: "failed", retryable: true });
      expect(result.errorCode).toMatch(/^ECONNECTION: /);
      const [mail] = await smtp.waitFor(1);
      expect(mail!.messageId).toBe("<booking-42.confirm@slotline.example>");
    });

    it("reports a server that is not listening as a retryable failure", async () => {
      const gone = await startSmtpServer();
      await gone.close();

      const result = await mailerFor(gone.url).send(email());

      expect(result).toMatchObject({ provider: "smtp", providerMessageId: null, status: "failed", retryable: true });
      expect(result.errorCode).toBe(`ESOCKET: connect ECONNREFUSED 127.0.0.1:${gone.port}`);
    });
  });

  describe("credentials", () => {
    it("logs in with the URL's username and password", async () => {
      await mailerFor(smtp.url).send(email());

      expect(smtp.logins).toEqual([{ username: FAKE_SMTP_USER, password: FAKE_SMTP_PASS }]);
      expect(smtp.received[0]!.user).toBe(FAKE_SMTP_USER);
    });

    it("percent-decodes them (an email address as the username, reserved characters in the password)", async () => {
      await mailerFor(`smtp://bookings%40example.com:p%40ss%3Aw%2Frd@127.0.0.1:${smtp.port}`).send(email());

      expect(smtp.logins).toEqual([{ username: "bookings@example.com", password: "p@ss:w/rd" }]);
      expect(smtp.received[0]!.user).toBe("bookings@example.com");
    });

    it("does not log in when the URL has none", async () => {
      const result = await mailerFor(`smtp://127.0.0.1:${smtp.port}`).send(email());

      expect(result.status).toBe("sent");
      expect(smtp.logins).toEqual([]);
      expect(smtp.received[0]!.user).toBeUndefined();
    });
  });
});

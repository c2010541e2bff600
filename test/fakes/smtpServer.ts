/**
 * A local stand-in for an SMTP relay (Postmark, SES, a company's own server…): a real SMTP server
 * (smtp-server) on 127.0.0.1, so nodemailer speaks the whole protocol to it. Plain SMTP (no
 * STARTTLS), AUTH PLAIN/LOGIN accepted with any password when the client offers credentials. It
 * keeps every message it accepts, parsed (mailparser), and can defer the next messages (4xx),
 * refuse a recipient (5xx), or take a message and drop the connection before answering.
 */
import type { AddressInfo, Socket } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerSession } from "smtp-server";

/** The credentials in `url`: the fake accepts any, and records the ones it was given (`logins`). */
export const FAKE_SMTP_USER = "user";
export const FAKE_SMTP_PASS = "pass";

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  /** The message as it came over DATA. */
  raw: string;
  parsed: ParsedMail;
  /** The username the client logged in with, if it did. */
  user: string | undefined;
  messageId: string | undefined;
  subject: string | undefined;
  text: string | undefined;
  html: string | undefined;
  /** The To header's text. */
  to: string | undefined;
  /** The From header's text, e.g. "Salon" <bookings@example.com> */
  fromHeader: string | undefined;
  /** The text/calendar part's VCALENDAR text, if any. */
  calendar: string | undefined;
  /** The calendar part's METHOD (content-type parameter), e.g. REQUEST. */
  calendarMethod: string | undefined;
  /** mailparser's header map; it folds the List-* headers into one "list" entry (parsed.headerLines has them as sent). */
  headers: ParsedMail["headers"];
}

export interface FakeSmtp {
  /** e.g. smtp://user:pass@127.0.0.1:54321 */
  url: string;
  port: number;
  /** Every message accepted (and every dropped one: the server had it), in order. */
  received: ReceivedMail[];
  /** Every login (AUTH PLAIN or LOGIN), in order. */
  logins: { username: string; password: string }[];
  /** Resolves once at least `count` messages were received; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** The next `n` messages are refused at the end of DATA with this 4xx reply. */
  deferNext(n: number, reply?: string): void;
  /** RCPT TO this address is refused with this 5xx reply. */
  rejectRecipient(address: string, reply?: string): void;
  /** The next `n` messages are taken (and recorded), then the connection is dropped before the reply. */
  dropNext(n: number): void;
  close(): Promise<void>;
}

/** "451 4.3.0 Try again later" as smtp-server wants it: the code apart, the rest as the message. */
function smtpReply(reply: string): Error {
  const match = /^(\d{3})\s+(.*)$/.exec(reply);
  if (!match) throw new Error(`Not an SMTP reply: ${reply}`);
  const error = new Error(match[2]) as Error & { responseCode: number };
  error.responseCode = Number(match[1]);
  return error;
}

function toReceivedMail(raw: string, parsed: ParsedMail, session: SMTPServerSession): ReceivedMail {
  const calendarPart =
    parsed.attachments.find((a) => a.contentType === "text/calendar") ??
    parsed.attachments.find((a) => a.contentType === "application/ics");
  const contentType = calendarPart?.headers.get("content-type") as { params?: Record<string, string> } | undefined;
  const { mailFrom, rcptTo } = session.envelope;
  return {
    envelope: { from: mailFrom ? mailFrom.address : "", to: rcptTo.map((r) => r.address) },
    raw,
    parsed,
    user: session.user,
    messageId: parsed.messageId,
    subject: parsed.subject,
    text: parsed.text,
    html: parsed.html === false ? undefined : parsed.html,
    to: Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(", ") : parsed.to?.text,
    fromHeader: parsed.from?.text,
    calendar: calendarPart?.content.toString("utf8"),
    calendarMethod: contentType?.params?.method,
    headers: parsed.headers,
  };
}

export async function startSmtpServer(): Promise<FakeSmtp> {
  const received: ReceivedMail[] = [];
  const logins: { username: string; password: string }[] = [];
  const deferrals: string[] = [];
  const refusedRecipients = new Map<string, string>();
  let drops = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  /** Raw sockets by the client's port, to drop one mid-transaction and to end them all on close. */
  const sockets = new Map<number, Socket>();

  const record = (mail: ReceivedMail) => {
    received.push(mail);
    for (const waiter of [...waiters]) {
      if (received.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      logins.push({ username: auth.username ?? "", password: auth.password ?? "" });
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      const reply = refusedRecipients.get(address.address.toLowerCase());
      callback(reply ? smtpReply(reply) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const deferral = deferrals.shift();
        if (deferral) return callback(smtpReply(deferral));
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw).then(
          (parsed) => {
            record(toReceivedMail(raw, parsed, session));
            if (drops > 0) {
              drops--;
              sockets.get(session.remotePort)?.destroy();
              return;
            }
            callback(null, "OK: message queued");
          },
          (error: Error) => callback(smtpReply(`554 Unparseable message: ${error.message}`)),
        );
      });
    },
  });
  server.server.on("connection", (socket: Socket) => {
    const port = socket.remotePort;
    if (port === undefined) return;
    sockets.set(port, socket);
    socket.on("close", () => sockets.delete(port));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://${FAKE_SMTP_USER}:${FAKE_SMTP_PASS}@127.0.0.1:${port}`,
    port,
    received,
    logins,
    waitFor(count, timeoutMs = 5000) {
      if (received.length >= count) return Promise.resolve(received);
      return new Promise<ReceivedMail[]>((resolve, reject) => {
        const waiter = {
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(received);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`Fake SMTP server: waited ${timeoutMs} ms for ${count} message(s), received ${received.length}`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    deferNext(n, reply = "451 4.3.0 Try again later") {
      for (let i = 0; i < n; i++) deferrals.push(reply);
    },
    rejectRecipient(address, reply = "550 5.1.1 No such user") {
      refusedRecipients.set(address.toLowerCase(), reply);
    },
    dropNext(n) {
      drops += n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets.values()) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

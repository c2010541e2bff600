/**
 * A local stand-in for Twilio's Messages API, speaking its wire format: the twilio SDK (pointed
 * here by TWILIO_API_BASE) cannot tell the difference. It records what it was asked to send and
 * can be told to fail the next requests, as Twilio does during an outage or for a bad number.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export const FAKE_ACCOUNT_SID = `AC${"0123456789abcdef".repeat(2)}`;
export const FAKE_AUTH_TOKEN = "fake-twilio-auth-token-0123456789";

export interface SentMessageRequest {
  sid: string;
  accountSid: string;
  to: string;
  from: string | undefined;
  messagingServiceSid: string | undefined;
  body: string | undefined;
  statusCallback: string | undefined;
}

export interface FakeFailure {
  status: number;
  /** Twilio's error code, e.g. 21211 (invalid To), 21610 (unsubscribed), 20500 (internal error). */
  code?: number;
  message?: string;
}

export interface FakeTwilioApi {
  /** The origin to give TWILIO_API_BASE, e.g. http://127.0.0.1:54321 */
  url: string;
  accountSid: string;
  authToken: string;
  /** Every message accepted (201), in order of arrival. */
  messages: SentMessageRequest[];
  /** Every message request that reached the Messages endpoint with valid credentials, failed or not. */
  attempts: number;
  /** The next `count` message requests are answered with this error instead of being accepted. */
  failNext(count: number, failure: FakeFailure): void;
  /** Delays every answer, so concurrent callers overlap. */
  setLatency(ms: number): void;
  /** Calls `listener` with each message as it is accepted (e.g. to play Twilio's status callbacks). */
  onAccepted(listener: (message: SentMessageRequest) => void): void;
  reset(): void;
  close(): Promise<void>;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

export async function startFakeTwilioApi(credentials = { accountSid: FAKE_ACCOUNT_SID, authToken: FAKE_AUTH_TOKEN }): Promise<FakeTwilioApi> {
  const messages: SentMessageRequest[] = [];
  const failures: FakeFailure[] = [];
  let latencyMs = 0;
  let attempts = 0;
  const listeners: ((message: SentMessageRequest) => void)[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const answer = (status: number, body: unknown) => {
        setTimeout(() => {
          res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
          res.end(JSON.stringify(body));
        }, latencyMs);
      };
      const url = new URL(req.url ?? "/", "http://fake.twilio");
      const match = MESSAGES_PATH.exec(url.pathname);
      if (!match) return answer(404, twilioError(404, 20404, "The requested resource was not found"));
      if (!authorized(req.headers.authorization, credentials)) {
        return answer(401, twilioError(401, 20003, "Authentication Error - invalid username"));
      }
      const accountSid = decodeURIComponent(match[1]!);
      if (accountSid !== credentials.accountSid) return answer(404, twilioError(404, 20404, "The requested resource was not found"));
      if (req.method !== "POST") return answer(405, twilioError(405, 20004, "Method not allowed"));

      attempts++;
      const failure = failures.shift();
      if (failure) {
        return answer(failure.status, twilioError(failure.status, failure.code ?? 20500, failure.message ?? "Injected failure"));
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const to = form.get("To");
      const from = form.get("From") ?? undefined;
      const messagingServiceSid = form.get("MessagingServiceSid") ?? undefined;
      const body = form.get("Body") ?? undefined;
      if (!to) return answer(400, twilioError(400, 21604, "A 'To' phone number is required."));
      if (!from && !messagingServiceSid) return answer(400, twilioError(400, 21603, "A 'From' phone number is required."));
      if (!body && !form.get("MediaUrl")) return answer(400, twilioError(400, 21602, "Message body is required."));

      const sid = `SM${randomBytes(16).toString("hex")}`;
      const request = { sid, accountSid, to, from, messagingServiceSid, body, statusCallback: form.get("StatusCallback") ?? undefined };
      messages.push(request);
      answer(201, messageResource(request));
      for (const listener of listeners) listener(request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accountSid: credentials.accountSid,
    authToken: credentials.authToken,
    messages,
    get attempts() {
      return attempts;
    },
    failNext(count, failure) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    onAccepted(listener) {
      listeners.push(listener);
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    reset() {
      messages.length = 0;
      failures.length = 0;
      attempts = 0;
      latencyMs = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function authorized(header: string | undefined, credentials: { accountSid: string; authToken: string }): boolean {
  if (!header?.startsWith("Basic ")) return false;
  const decoded = Buffer.from(header.slice("Basic ".length), "base64").toString("utf8");
  return decoded === `${credentials.accountSid}:${credentials.authToken}`;
}

function twilioError(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** Twilio's Message resource as POST …/Messages.json answers it. */
function messageResource(m: SentMessageRequest) {
  const now = new Date().toUTCString().replace("GMT", "+0000");
  const uri = `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`;
  return {
    account_sid: m.accountSid,
    api_version: "2010-04-01",
    body: m.body ?? "",
    date_created: now,
    date_sent: null,
    date_updated: now,
    direction: "outbound-api",
    error_code: null,
    error_message: null,
    from: m.from ?? null,
    messaging_service_sid: m.messagingServiceSid ?? null,
    num_media: "0",
    num_segments: "1",
    price: null,
    price_unit: "USD",
    sid: m.sid,
    status: m.messagingServiceSid && !m.from ? "accepted" : "queued",
    subresource_uris: { media: uri.replace(/\.json$/, "/Media.json") },
    to: m.to,
    uri,
  };
}

/**
 * A local stand-in for Meta's Graph API (WhatsApp Cloud API messages), speaking its wire format:
 * POST /v21.0/{phone-number-id}/messages with a bearer token, answered with the message's wamid,
 * or with Graph's error object. It records what it was asked to send and can be told to fail the
 * next requests. It also signs webhook deliveries as Meta does (X-Hub-Signature-256).
 */
import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export const FAKE_WHATSAPP_TOKEN = "EAAG-fake-whatsapp-token";
export const FAKE_PHONE_NUMBER_ID = "106540352242922";
export const FAKE_APP_SECRET = "fake-app-secret-0123456789abcdef";

export interface GraphMessageRequest {
  wamid: string;
  phoneNumberId: string;
  /** The JSON body as sent: messaging_product, to, type, text | interactive | template. */
  body: { to: string; type: string; text?: { body: string }; interactive?: Record<string, unknown>; template?: Record<string, unknown> } & Record<string, unknown>;
}

export interface GraphFailure {
  status: number;
  /** Meta's error code: 130429 (rate limit), 131026 (undeliverable), 131000 (something went wrong)… */
  code: number;
  message?: string;
}

export interface FakeGraphApi {
  url: string;
  /** Every message accepted, in order of arrival. */
  messages: GraphMessageRequest[];
  /** Requests that reached the messages endpoint with the right token, failed or not. */
  attempts: number;
  failNext(count: number, failure: GraphFailure): void;
  /** Texts sent to a number (digits only), interactive ones as their body text. */
  textsTo(waId: string): string[];
  reset(): void;
  close(): Promise<void>;
}

const MESSAGES_PATH = /^\/v\d+\.\d+\/([^/]+)\/messages$/;

/** `phoneNumberIds`: the WhatsApp numbers the app may send from (one app can hold several businesses' numbers). */
export async function startFakeGraphApi(options: { token?: string; phoneNumberIds?: string[] } = {}): Promise<FakeGraphApi> {
  const token = options.token ?? FAKE_WHATSAPP_TOKEN;
  const phoneNumberIds = new Set(options.phoneNumberIds ?? [FAKE_PHONE_NUMBER_ID]);
  const messages: GraphMessageRequest[] = [];
  const failures: GraphFailure[] = [];
  let attempts = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      const graphError = (status: number, code: number, message: string, type = "OAuthException") =>
        answer(status, { error: { message, type, code, error_subcode: undefined, fbtrace_id: randomBytes(8).toString("hex") } });
      const match = MESSAGES_PATH.exec(new URL(req.url ?? "/", "http://x").pathname);
      if (req.method !== "POST" || !match) return graphError(400, 100, "Unsupported post request.", "GraphMethodException");
      if (req.headers.authorization !== `Bearer ${token}`) return graphError(401, 190, "Invalid OAuth access token - Cannot parse access token");
      if (!phoneNumberIds.has(match[1]!)) return graphError(400, 100, `Unsupported post request. Object with ID '${match[1]}' does not exist`, "GraphMethodException");
      attempts++;
      let body: GraphMessageRequest["body"];
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return graphError(400, 100, "Invalid parameter");
      }
      if (body.messaging_product !== "whatsapp" || !/^\d{7,15}$/.test(String(body.to))) return graphError(400, 100, "Invalid parameter");
      const failure = failures.shift();
      if (failure) return graphError(failure.status, failure.code, failure.message ?? "(#" + failure.code + ") failed");
      const wamid = `wamid.${randomBytes(18).toString("base64url")}`;
      messages.push({ wamid, phoneNumberId: match[1]!, body });
      answer(200, { messaging_product: "whatsapp", contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: wamid }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    get attempts() {
      return attempts;
    },
    failNext(count, failure) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    textsTo(waId) {
      return messages
        .filter((m) => m.body.to === waId)
        .map((m) => m.body.text?.body ?? ((m.body.interactive as { body?: { text?: string } } | undefined)?.body?.text ?? `[template ${(m.body.template as { name?: string }).name}]`));
    },
    reset() {
      messages.length = 0;
      failures.length = 0;
      attempts = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Meta's signature of a webhook body: sha256=HMAC-SHA256(app secret, raw body), hex. */
export function metaSignature(appSecret: string, rawBody: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(rawBody).digest("hex")}`;
}

let wamidCounter = 0;

/** Meta's webhook envelope around one change's value, sent to the business number `phoneNumberId`. */
function delivery(value: Record<string, unknown>, phoneNumberId = FAKE_PHONE_NUMBER_ID): string {
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102290129340398",
        changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: { display_phone_number: "15550001111", phone_number_id: phoneNumberId }, ...value } }],
      },
    ],
  });
}

/** A webhook delivery of one inbound message, as Meta posts it. */
export function inboundDelivery(from: string, message: Record<string, unknown>, options: { name?: string; id?: string; timestamp?: number; phoneNumberId?: string } = {}): { body: string; id: string } {
  const id = options.id ?? `wamid.in${String(++wamidCounter).padStart(10, "0")}${randomBytes(4).toString("hex")}`;
  const body = delivery({
    contacts: [{ profile: { name: options.name ?? "Sam" }, wa_id: from }],
    messages: [{ from, id, timestamp: String(options.timestamp ?? 1772456400), ...message }],
  }, options.phoneNumberId);
  return { body, id };
}

/** A webhook delivery of one status of an outbound message. */
export function statusDelivery(wamid: string, recipient: string, status: string, errorCode?: number, reference?: unknown): string {
  return delivery({
    statuses: [
      {
        id: wamid,
        status,
        ...(typeof reference === "string" && { biz_opaque_callback_data: reference }),
        timestamp: "1772456460",
        recipient_id: recipient,
        ...(errorCode !== undefined && { errors: [{ code: errorCode, title: "Message undeliverable", error_data: { details: "Message Undeliverable." } }] }),
      },
    ],
  });
}

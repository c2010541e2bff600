/**
 * The harness acting as Twilio for inbound texts, with the connection override `#rc=3&rp=all` on
 * the webhook URL: a delivery whose connection fails, times out or is answered 5xx is retried
 * with the SAME MessageSid, up to three times. Real Twilio retries at once; here the retries back
 * off (2, 4, 8 s) so that they span a restart of the server, as the spec asks. Every attempt and
 * every answer is recorded per MessageSid: the checks hold the server to them.
 */
import { readTwimlMessages, newMessageSid, signatureFor, twilioForm, type TwilioTarget } from "../twilioClient";
import { BUSINESS_NUMBER } from "./fakes";
import { sleep } from "./timing";

const WEBHOOK_PATH = "/webhooks/twilio";
/** rc=3: three retries after the first attempt. */
const RETRIES = 3;
const BACKOFF_MS = [2_000, 4_000, 8_000];
/** Twilio waits this long for the webhook's answer before giving up on the attempt. */
const ATTEMPT_TIMEOUT_MS = 15_000;

export type AttemptOutcome =
  /** 2xx with at least one <Message>. */
  | { kind: "answered"; replies: string[] }
  /** 2xx with an empty <Response/>: Twilio sends the customer nothing. */
  | { kind: "empty" }
  | { kind: "http_error"; status: number; body: string }
  | { kind: "connection_failed"; detail: string }
  | { kind: "timeout" };

export interface InboundRecord {
  sid: string;
  phone: string;
  body: string;
  attempts: AttemptOutcome[];
}

export class TwilioCarrier {
  /** Every inbound message sent, by MessageSid, in the order sent. */
  readonly records = new Map<string, InboundRecord>();

  constructor(private readonly target: TwilioTarget) {}

  /**
   * Delivers one text from `phone` and returns what the customer's phone shows for it: the
   * replies of the first 2xx answer, or none when every attempt failed (or the answer was empty).
   */
  async deliver(phone: string, body: string): Promise<string[]> {
    const form = twilioForm({ from: phone, to: BUSINESS_NUMBER, body, messageSid: newMessageSid() });
    const record: InboundRecord = { sid: form.MessageSid!, phone, body, attempts: [] };
    this.records.set(record.sid, record);
    for (let attempt = 0; attempt <= RETRIES; attempt++) {
      if (attempt > 0) await sleep(BACKOFF_MS[attempt - 1]!);
      const outcome = await this.attempt(form);
      record.attempts.push(outcome);
      if (outcome.kind === "answered") return outcome.replies;
      if (outcome.kind === "empty") return [];
      // rp=all retries 4xx too, but a 4xx here is the harness's own fault (a bad signature): retrying cannot help.
      if (outcome.kind === "http_error" && outcome.status < 500) return [];
    }
    return [];
  }

  private async attempt(form: Record<string, string>): Promise<AttemptOutcome> {
    try {
      const response = await fetch(this.target.serverUrl + WEBHOOK_PATH, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": signatureFor(this.target, WEBHOOK_PATH, form),
          // Twilio marks a retried delivery with the same token (the server may ignore it).
          "i-twilio-idempotency-token": form.MessageSid!,
        },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      const text = await response.text();
      if (!response.ok) return { kind: "http_error", status: response.status, body: text.slice(0, 200) };
      const replies = readTwimlMessages(text);
      return replies.length > 0 ? { kind: "answered", replies } : { kind: "empty" };
    } catch (error) {
      if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return { kind: "timeout" };
      return { kind: "connection_failed", detail: describe(error) };
    }
  }
}

/** undici hides the socket error in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

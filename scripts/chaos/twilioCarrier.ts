/**
 * The harness acting as Twilio for inbound texts, with the connection override `#rc=3&rp=all` on
 * the webhook URL: a delivery that reached the server but failed (cut off by a kill, timed out,
 * answered 5xx) is retried with the SAME MessageSid, up to three times, backing off 1, 2, 4 s.
 * A connection refused (nothing listening: the server is between two lives) does not count as an
 * attempt: it is retried every second until the server is back, within a bound. Real Twilio
 * retries at once and would lose such a text; here the server is down almost half the time by
 * design, and the test is after what the server loses, not what the killer's timing does.
 * Every attempt and every answer is recorded per MessageSid: the checks hold the server to them.
 */
import { readTwimlMessages, newMessageSid, signatureFor, twilioForm, type TwilioTarget } from "../twilioClient";
import { BUSINESS_NUMBER } from "./fakes";
import { sleep } from "./timing";

const WEBHOOK_PATH = "/webhooks/twilio";
/** rc=3: three retries after the first attempt. */
const RETRIES = 3;
const BACKOFF_MS = [1_000, 2_000, 4_000];
/** Waiting for the server to come back: a refused connection is tried again this often, this long at most. */
const REFUSED_RETRY_MS = 1_000;
const REFUSED_WAIT_MS = 60_000;
/** Twilio waits this long for the webhook's answer before giving up on the attempt. */
const ATTEMPT_TIMEOUT_MS = 15_000;

export type AttemptOutcome =
  /** 2xx with at least one <Message>. */
  | { kind: "answered"; replies: string[] }
  /** 2xx with an empty <Response/>: Twilio sends the customer nothing. */
  | { kind: "empty" }
  | { kind: "http_error"; status: number; body: string }
  /** reached: the connection was made (the server got the request, then died or cut it off); else refused, nothing listening. */
  | { kind: "connection_failed"; reached: boolean; detail: string }
  | { kind: "timeout" };

/** An attempt's outcome and when it began, in ms on the clock the carrier was given (the server's timeline). */
export type Attempt = AttemptOutcome & { at: number };

export interface InboundRecord {
  sid: string;
  phone: string;
  body: string;
  attempts: Attempt[];
}

export class TwilioCarrier {
  /** Every inbound message sent, by MessageSid, in the order sent. */
  readonly records = new Map<string, InboundRecord>();

  constructor(
    private readonly target: TwilioTarget,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Delivers one text from `phone` and returns what the customer's phone shows for it: the
   * replies of the first 2xx answer, or none when every attempt failed (or the answer was empty).
   */
  async deliver(phone: string, body: string): Promise<string[]> {
    const form = twilioForm({ from: phone, to: BUSINESS_NUMBER, body, messageSid: newMessageSid() });
    const record: InboundRecord = { sid: form.MessageSid!, phone, body, attempts: [] };
    this.records.set(record.sid, record);
    const giveUpAt = Date.now() + REFUSED_WAIT_MS;
    let retries = 0;
    for (;;) {
      const at = this.clock();
      const outcome = await this.attempt(form);
      record.attempts.push({ ...outcome, at });
      if (outcome.kind === "answered") return outcome.replies;
      if (outcome.kind === "empty") return [];
      // rp=all retries 4xx too, but a 4xx here is the harness's own fault (a bad signature): retrying cannot help.
      if (outcome.kind === "http_error" && outcome.status < 500) return [];
      if (outcome.kind === "connection_failed" && !outcome.reached) {
        if (Date.now() >= giveUpAt) return [];
        await sleep(REFUSED_RETRY_MS);
        continue;
      }
      if (retries === RETRIES) return [];
      await sleep(BACKOFF_MS[retries++]!);
    }
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
      return { kind: "connection_failed", reached: !refused(error), detail: describe(error) };
    }
  }
}

/** Nothing listened on the port: the request never reached a server. */
function refused(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  return typeof cause === "object" && cause !== null && "code" in cause && cause.code === "ECONNREFUSED";
}

/** undici hides the socket error in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

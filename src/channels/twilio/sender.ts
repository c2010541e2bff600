/** Outbound SMS and WhatsApp through Twilio's Messages API, with the twilio SDK. */
import type twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import type { MessageSender, OutboundRequest, SendResult } from "../sender";

export interface TwilioSenderOptions {
  accountSid: string;
  authToken: string;
  /** E.164 number, or a Messaging Service SID (MG…). */
  smsFrom: string | undefined;
  /** whatsapp:+1… */
  whatsappFrom: string | undefined;
  /** Another API origin (a test fake); unset: Twilio's own. */
  apiBase: string | undefined;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export class TwilioSender implements MessageSender {
  private readonly client: twilio.Twilio;

  constructor(private readonly options: TwilioSenderOptions) {
    const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // Loaded when a Twilio account is configured rather than at every start (~180 ms, ~24 MB).
    const sdk = require("twilio") as typeof twilio;
    this.client = sdk(options.accountSid, options.authToken, {
      timeout,
      // Retries are the outbox's job (with backoff that survives restarts), not the SDK's.
      autoRetry: false,
      httpClient: options.apiBase === undefined ? undefined : originRewritingClient(sdk, options.apiBase, { timeout }),
    });
  }

  provider(): string {
    return "twilio";
  }

  async send(req: OutboundRequest): Promise<SendResult> {
    const from = this.senderFor(req);
    if (from === undefined) {
      return { provider: "twilio", providerMessageId: null, status: "failed", errorCode: "no_sender_configured", retryable: false };
    }
    try {
      const message = await this.client.messages.create({
        // TWILIO_SMS_FROM may name a Messaging Service instead of a number.
        ...(from.startsWith("MG") ? { messagingServiceSid: from } : { from }),
        to: req.to,
        body: req.body,
        statusCallback: req.statusCallbackUrl,
      });
      return {
        provider: "twilio",
        providerMessageId: message.sid,
        status: message.status === "sent" || message.status === "delivered" ? "sent" : "queued",
        retryable: false,
      };
    } catch (error) {
      return { provider: "twilio", providerMessageId: null, status: "failed", ...classifyTwilioError(error) };
    }
  }

  /** The business's own number when it has one, else the deployment's sender for the channel. */
  private senderFor(req: OutboundRequest): string | undefined {
    const own = req.from?.twilioNumber;
    if (req.channel === "whatsapp") return own ? `whatsapp:${own}` : this.options.whatsappFrom;
    return own ?? this.options.smsFrom;
  }
}

/**
 * Twilio answers an error with an HTTP status and its own numeric code (21211 invalid number,
 * 21610 unsubscribed recipient, …). Rate limits, Twilio's outages and the network are worth
 * another try; anything else Twilio refused will be refused again.
 */
export function classifyTwilioError(error: unknown): { errorCode: string; retryable: boolean } {
  const { status, code } = (error ?? {}) as { status?: unknown; code?: unknown };
  if (typeof status === "number") {
    const retryable = status === 408 || status === 429 || status >= 500;
    const twilioCode = typeof code === "number" && code > 0 ? String(code) : typeof code === "string" && code !== "" ? code : undefined;
    return { errorCode: twilioCode ?? `http_${status}`, retryable };
  }
  // No HTTP answer at all: refused connection, reset, DNS, timeout (axios puts the cause in `code`).
  return { errorCode: typeof code === "string" && code !== "" ? code : "network_error", retryable: true };
}

/**
 * The SDK builds absolute api.twilio.com URLs in its generated domains; a custom httpClient is
 * its supported seam, so this one moves each request to another origin and leaves the rest of
 * the SDK's path (auth, form encoding, error parsing) untouched. Declared here because its base
 * class comes with the SDK, which is loaded only when it is used.
 */
function originRewritingClient(sdk: typeof twilio, apiBase: string, options: RequestClient.RequestClientOptions): RequestClient {
  const base = new URL(apiBase);
  const rewrite = (uri: string): string => {
    const original = new URL(uri);
    const prefix = base.pathname.replace(/\/+$/, "");
    return new URL(`${prefix}${original.pathname}${original.search}`, base.origin).href;
  };
  class OriginRewritingRequestClient extends sdk.RequestClient {
    override request<TData>(opts: RequestClient.RequestOptions<TData>) {
      return super.request({ ...opts, uri: rewrite(opts.uri) });
    }
  }
  return new OriginRewritingRequestClient(options);
}

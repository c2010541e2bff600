/**
 * Outbound WhatsApp through Meta's Cloud API: POST /{phone-number-id}/messages on the Graph API.
 * Choices go as interactive buttons or lists (interactive.ts); outside WhatsApp's
 * 24-hour window the outbox asks for the approved template, sent with the text as its parameter.
 */
import type { MessageSender, OutboundRequest, SendResult } from "../sender";
import { whatsappContent } from "./interactive";

export const GRAPH_API_VERSION = "v21.0";
const GRAPH_API_ORIGIN = "https://graph.facebook.com";

export interface MetaSenderOptions {
  token: string;
  phoneNumberId: string;
  /** Another Graph API origin (a test fake); unset: Meta's own. */
  apiBase?: string;
  timeoutMs?: number;
  /** Pauses before the quick retries of a rate limit or an outage within one send; the outbox's backoff does the rest. */
  retryDelaysMs?: number[];
}

/**
 * Meta's codes worth another try: rate limits (4, 80007, 130429, 131056) and its own transient
 * failures (1, 2, 131000, 131016). Other refusals (131026 undeliverable, 131047 outside the
 * window, 100 bad parameter, 190 bad token) will be refused again.
 */
const RETRYABLE_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131056]);

export class MetaSender implements MessageSender {
  private readonly origin: string;

  constructor(private readonly options: MetaSenderOptions) {
    this.origin = (options.apiBase ?? GRAPH_API_ORIGIN).replace(/\/+$/, "");
  }

  provider(): string {
    return "meta";
  }

  async send(req: OutboundRequest): Promise<SendResult> {
    if (req.channel !== "whatsapp") return { provider: "meta", providerMessageId: null, status: "failed", errorCode: "no_sender_configured", retryable: false };
    // biz_opaque_callback_data comes back in this message's status webhooks (Graph API, messages: "biz_opaque_callback_data").
    const reference = req.reference && { biz_opaque_callback_data: req.reference };
    const payload = { messaging_product: "whatsapp", recipient_type: "individual", to: req.to.replace(/\D/g, ""), ...reference, ...this.content(req) };
    // From the business's own WhatsApp number when it has one, else the deployment's.
    const phoneNumberId = req.from?.whatsappPhoneNumberId ?? this.options.phoneNumberId;
    const url = `${this.origin}/${GRAPH_API_VERSION}/${encodeURIComponent(phoneNumberId)}/messages`;
    const delays = this.options.retryDelaysMs ?? [250, 1000];
    let result = await this.post(url, payload);
    for (const delay of delays) {
      if (result.status !== "failed" || !result.retryable) break;
      await new Promise((resolve) => setTimeout(resolve, delay));
      result = await this.post(url, payload);
    }
    return result;
  }

  private content(req: OutboundRequest): Record<string, unknown> {
    if (!req.template) return whatsappContent(req.body);
    return {
      type: "template",
      template: {
        name: req.template.name,
        language: { code: req.template.language },
        components: [{ type: "body", parameters: [{ type: "text", text: req.body }] }],
      },
    };
  }

  private async post(url: string, payload: Record<string, unknown>): Promise<SendResult> {
    let res: Response;
    try {
      res = await fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${this.options.token}`, "content-type": "application/json" },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      const name = (error as Error).name;
      return failed(name === "TimeoutError" ? "timeout" : "network_error", true);
    }
    const answer = (await res.json().catch(() => ({}))) as { messages?: { id?: string }[]; error?: { code?: number } };
    const wamid = answer.messages?.[0]?.id;
    if (res.ok && wamid) return { provider: "meta", providerMessageId: wamid, status: "queued", retryable: false };
    const code = answer.error?.code;
    const retryable = res.status === 429 || res.status >= 500 || (code !== undefined && RETRYABLE_CODES.has(code));
    return failed(code === undefined ? `http_${res.status}` : String(code), retryable);
  }
}

function failed(errorCode: string, retryable: boolean): SendResult {
  return { provider: "meta", providerMessageId: null, status: "failed", errorCode, retryable };
}

/**
 * The language assistant on OpenAI's chat completions with structured output (or any server that
 * speaks them, via OPENAI_BASE_URL). Bounded: one deadline covers the call and its one retry (on
 * 429 or 5xx), so a slow or broken model costs the customer at most that long, never an answer.
 */
import { DateTime } from "luxon";
import type OpenAI from "openai";
import type { Logger } from "../../logger";
import type { LanguageAssistant, LlmResult, LlmTurnInput } from "./assistant";
import { extractionJsonSchema, extractionSchema, toParsed } from "./extraction";

/** Whatever OPENAI_TIMEOUT_MS says, the whole extraction ends by then: the reply must leave within 5 s. */
export const MAX_BUDGET_MS = 4500;
/** A retry is only worth starting with at least this much of the budget left. */
const MIN_RETRY_BUDGET_MS = 800;
const RETRY_PAUSE_MS = 150;

export interface OpenAiAssistantOptions {
  apiKey: string;
  model: string;
  baseUrl?: string;
  timeoutMs: number;
  logger: Logger;
}

const SYSTEM_PROMPT = [
  "You read one text message a customer sent to a small business's booking assistant and extract what it asks for.",
  "Use only the business's services (by their exact names), the state of the conversation and the options just offered.",
  'Dates are in the business\'s time zone, relative to "today". Give a time when one is said, else a time range for',
  'words like "early afternoon" (12:00-15:00), "morning" (08:00-12:00), "after work" (17:00-20:00).',
  "choose with choice = the option's number when the customer picks one of the offered options by its words.",
  "Never invent: a field the message does not say is null. intent is other when the message asks nothing you can map.",
].join(" ");

export class OpenAiAssistant implements LanguageAssistant {
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiAssistantOptions) {
    // The SDK's own retries would outlive the budget; the one retry is ours.
    const OpenAiSdk = openAiSdk();
    this.client = new OpenAiSdk({ apiKey: options.apiKey, baseURL: options.baseUrl, maxRetries: 0, timeout: options.timeoutMs });
  }

  async extract(input: LlmTurnInput): Promise<LlmResult> {
    const started = performance.now();
    const deadline = started + Math.min(this.options.timeoutMs, MAX_BUDGET_MS);
    const elapsed = () => Math.round(performance.now() - started);
    let attempt = await this.call(input, deadline);
    if (!attempt.ok && attempt.retryable && deadline - performance.now() >= MIN_RETRY_BUDGET_MS) {
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
      attempt = await this.call(input, deadline);
    }
    const latencyMs = elapsed();
    if (!attempt.ok) {
      this.options.logger.warn({ reason: attempt.reason, latencyMs }, "language model gave no usable answer");
      return { ok: false, reason: attempt.reason, latencyMs };
    }
    const usage = attempt.usage;
    this.options.logger.info({ model: this.options.model, latencyMs, promptTokens: usage?.promptTokens, completionTokens: usage?.completionTokens }, "language model call");
    return { ok: true, extraction: { parsed: toParsed(attempt.answer, input.services), raw: attempt.answer, usage, latencyMs } };
  }

  private async call(input: LlmTurnInput, deadline: number) {
    const remaining = Math.max(1, Math.floor(deadline - performance.now()));
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await this.client.chat.completions.create(
        {
          model: this.options.model,
          temperature: 0,
          messages: [
            { role: "system", content: SYSTEM_PROMPT },
            { role: "user", content: JSON.stringify(promptContext(input)) },
          ],
          response_format: { type: "json_schema", json_schema: { name: "booking_request", strict: true, schema: extractionJsonSchema as unknown as Record<string, unknown> } },
        },
        { timeout: remaining, signal: AbortSignal.timeout(remaining) },
      );
    } catch (error) {
      return failure(error);
    }
    const usage = completion.usage ? { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens } : null;
    const content = completion.choices[0]?.message?.content;
    if (!content) return { ok: false as const, reason: completion.choices[0]?.message?.refusal ? "refused" : "empty", retryable: false };
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch {
      return { ok: false as const, reason: "invalid_json", retryable: false };
    }
    const answer = extractionSchema.safeParse(json);
    if (!answer.success) return { ok: false as const, reason: "schema", retryable: false };
    return { ok: true as const, answer: answer.data, usage };
  }
}

/**
 * What the model is told: the business's side of things and the last few messages. Never the
 * customer's phone number or name: the model does not need them to read a request.
 */
function promptContext(input: LlmTurnInput) {
  const today = DateTime.fromJSDate(input.now, { zone: input.timezone });
  return {
    today: today.toFormat("cccc yyyy-MM-dd"),
    timeNow: today.toFormat("HH:mm"),
    timezone: input.timezone,
    conversationState: input.state,
    services: input.services.map((s) => ({ name: s.name, alsoCalled: s.aliases })),
    offeredOptions: input.offered.map((label, i) => `${i + 1}) ${label}`),
    recentMessages: input.recent.map((m) => `${m.direction === "in" ? "customer" : "assistant"}: ${m.body}`),
    message: input.text,
  };
}

function failure(error: unknown): { ok: false; reason: string; retryable: boolean } {
  const sdk = openAiSdk();
  if (error instanceof sdk.APIConnectionTimeoutError || (error as Error)?.name === "TimeoutError" || error instanceof sdk.APIUserAbortError) {
    return { ok: false, reason: "timeout", retryable: false };
  }
  if (error instanceof sdk.APIError && typeof error.status === "number") {
    return { ok: false, reason: `http_${error.status}`, retryable: error.status === 429 || error.status >= 500 };
  }
  return { ok: false, reason: "network_error", retryable: true };
}

/** The openai package, loaded when OPENAI_API_KEY is set rather than at every start (~80 ms, ~10 MB). */
function openAiSdk(): typeof OpenAI {
  return require("openai") as typeof OpenAI;
}

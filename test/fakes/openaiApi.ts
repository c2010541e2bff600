/**
 * A local stand-in for OpenAI's chat completions API with structured output, speaking its wire
 * format (the openai SDK, pointed here by OPENAI_BASE_URL, cannot tell the difference). It records
 * each request body and answers from a script: an extraction, raw content, an HTTP error, or
 * silence for as long as a test wants.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export const FAKE_OPENAI_KEY = "sk-test-fake-openai-key";

export type FakeAnswer =
  /** The assistant's message content: an object is sent as its JSON text; after `delayMs`, a slow but good answer. */
  | { content: unknown; delayMs?: number }
  | { status: number; message?: string }
  /** Answers nothing for this long (the connection stays open). */
  | { hangMs: number };

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
  [key: string]: unknown;
}

export interface FakeOpenAi {
  /** The base URL to give OPENAI_BASE_URL (ends in /v1). */
  url: string;
  /** Every chat completion request with the right key, in order. */
  requests: ChatRequest[];
  /** Queues answers for the next requests. */
  answer(...answers: FakeAnswer[]): void;
  /** Answers each request that finds the queue empty (default: a 500). */
  otherwise(respond: (request: ChatRequest) => FakeAnswer): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeOpenAi(apiKey = FAKE_OPENAI_KEY): Promise<FakeOpenAi> {
  const requests: ChatRequest[] = [];
  const queue: FakeAnswer[] = [];
  let fallback: (request: ChatRequest) => FakeAnswer = () => ({ status: 500, message: "no answer scripted" });
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const json = (status: number, body: unknown) => {
        if (res.destroyed) return;
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      const error = (status: number, message: string, type: string, code: string | null = null) => json(status, { error: { message, type, param: null, code } });
      if (req.method !== "POST" || new URL(req.url ?? "/", "http://x").pathname !== "/v1/chat/completions") return error(404, "Unknown request URL", "invalid_request_error");
      if (req.headers.authorization !== `Bearer ${apiKey}`) return error(401, "Incorrect API key provided", "invalid_request_error", "invalid_api_key");
      let body: ChatRequest;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return error(400, "We could not parse the JSON body of your request.", "invalid_request_error");
      }
      requests.push(body);
      const next = queue.shift() ?? fallback(body);
      if ("hangMs" in next) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          error(504, "timed out", "server_error");
        }, next.hangMs);
        timers.add(timer);
        return;
      }
      if ("status" in next) return error(next.status, next.message ?? "The server had an error while processing your request.", next.status === 429 ? "requests" : "server_error");
      const content = typeof next.content === "string" ? next.content : JSON.stringify(next.content);
      const answer = () => json(200, {
        id: `chatcmpl-${requests.length}`,
        object: "chat.completion",
        created: 1772456400,
        model: body.model,
        choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: "stop" }],
        usage: { prompt_tokens: 412, completion_tokens: 38, total_tokens: 450 },
        system_fingerprint: "fp_fake",
      });
      if (!next.delayMs) return answer();
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer();
      }, next.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    answer: (...answers) => void queue.push(...answers),
    otherwise: (respond) => void (fallback = respond),
    reset() {
      requests.length = 0;
      queue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The model's whole answer, with every field the schema requires (null unless given). */
export function extraction(fields: Partial<Record<"intent" | "service" | "date" | "time" | "timeRange" | "count" | "choice" | "name", unknown>>) {
  return { intent: "book", service: null, date: null, time: null, timeRange: null, count: null, choice: null, name: null, ...fields };
}

/**
 * The understanding measure: the parser alone over the whole phrasing table plus the messages
 * beyond it, then the LLM path (OpenAiAssistant against the fake OpenAI server, merged with the
 * parser's reading as the engine merges them) over the messages beyond it. Prints both figures;
 * the README quotes them. The fake answers what a good model would, so the second figure measures
 * our schema, prompt plumbing and mapping, not a model's judgement.
 */
import { OpenAiAssistant } from "../../src/conversation/llm/openaiAssistant";
import { parseMessage } from "../../src/conversation/parser";
import type { ParsedMessage } from "../../src/conversation/parser/types";
import { createLogger } from "../../src/logger";
import { FAKE_OPENAI_KEY, type FakeOpenAi, extraction, startFakeOpenAi } from "../fakes/openaiApi";
import { BEYOND_PARSER } from "./beyondParser";
import { type Expected, type Field, NEW_YORK, PHRASING_GROUPS } from "./phrasings";

let openai: FakeOpenAi;
beforeAll(async () => {
  openai = await startFakeOpenAi();
  const answers = new Map(BEYOND_PARSER.map(([message, , model]) => [message, model]));
  openai.otherwise((request) => {
    const { message } = JSON.parse(request.messages.at(-1)!.content) as { message: string };
    return { content: extraction(answers.get(message) ?? { intent: "other" }) };
  });
});
afterAll(() => openai.close());

function reads(parsed: ParsedMessage, expected: Expected, absent: readonly Field[] = []): boolean {
  try {
    expect(parsed).toMatchObject(expected);
    for (const field of absent) expect(parsed[field] === undefined || (field === "services" && parsed.services.length === 0)).toBe(true);
    return true;
  } catch {
    return false;
  }
}

describe("understanding measure", () => {
  const table = PHRASING_GROUPS.flatMap(([, rows]) => rows);

  it("finds every message beyond the parser misread by the parser alone", () => {
    const readAlone = BEYOND_PARSER.filter(([message, expected]) => reads(parseMessage(message, NEW_YORK), expected)).map(([message]) => message);
    // A row the parser learns to read belongs in the phrasing table instead.
    expect(readAlone).toEqual([]);
  });

  it("resolves the messages beyond the parser through the LLM path, and prints both rates", async () => {
    const assistant = new OpenAiAssistant({ apiKey: FAKE_OPENAI_KEY, model: "gpt-4o-mini", baseUrl: openai.url, timeoutMs: 4000, logger: createLogger("silent") });
    const parserHits = table.filter(([message, expected, absent]) => reads(parseMessage(message, NEW_YORK), expected, absent)).length;
    let resolved = 0;
    for (const [message, expected] of BEYOND_PARSER) {
      const parsed = parseMessage(message, NEW_YORK);
      const result = await assistant.extract({ text: message, state: "initial", timezone: NEW_YORK.timezone, now: NEW_YORK.now, services: NEW_YORK.services, offered: [], recent: [] });
      if (!result.ok) continue;
      // As the engine merges them: the model's fields over the parser's.
      if (reads({ ...parsed, ...result.extraction.parsed, text: message, services: result.extraction.parsed.services ?? parsed.services }, expected)) resolved++;
    }
    const total = table.length + BEYOND_PARSER.length;
    const percent = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;
    process.stdout.write(
      `understanding: parser alone ${parserHits} of ${total} phrasings (${percent(parserHits, total)}); ` +
        `LLM path (fake OpenAI) resolves ${resolved} of the ${BEYOND_PARSER.length} beyond the parser (${percent(resolved, BEYOND_PARSER.length)})\n`,
    );
    expect(parserHits).toBe(table.length);
    expect(resolved).toBe(BEYOND_PARSER.length);
    expect(openai.requests).toHaveLength(BEYOND_PARSER.length);
  });
});

/**
 * The optional language model, through the real app against a fake OpenAI server: called only for
 * a message the parser could not place, its reading driven through the same machine (the customer
 * still confirms), and a slow or broken model never costing the customer an answer.
 */
import { eq } from "drizzle-orm";
import { llmTurns } from "../../src/db/schema";
import { FAKE_OPENAI_KEY, type FakeOpenAi, extraction, startFakeOpenAi } from "../fakes/openaiApi";
import { type AdminServer, phoneMaker, startAdminServer } from "../support/adminClient";

let openai: FakeOpenAi;
let server: AdminServer;
const newPhone = phoneMaker("555501");
const BEARD = "could my beard get some attention the day after tomorrow, early afternoon-ish?";

beforeAll(async () => {
  openai = await startFakeOpenAi();
  server = await startAdminServer({ env: { OPENAI_API_KEY: FAKE_OPENAI_KEY, OPENAI_BASE_URL: openai.url, OPENAI_TIMEOUT_MS: "4000" } });
}, 60_000);
beforeEach(() => openai.reset());
afterAll(async () => {
  await server.close();
  await openai.close();
});

/** A message and how long the webhook took to answer it. */
async function timed(phone: string, body: string) {
  const started = performance.now();
  const replies = await server.text(phone, body);
  return { replies, ms: performance.now() - started };
}

describe("a message beyond the parser", () => {
  it("is read by the model once, and its reading leads to the customer's confirmation, then a booking", async () => {
    const phone = newPhone();
    openai.answer({ content: extraction({ intent: "book", service: "Haircut", date: "2026-03-04", timeRange: { from: "12:00", to: "15:00" } }) });
    const [offer] = await server.text(phone, BEARD);
    expect(openai.requests).toHaveLength(1);
    expect(offer).toMatch(/^Free times:\n1\) Wed 4 Mar, 12:00\n/);
    // Nothing is booked on the model's word: the customer picks and confirms as always.
    expect(await server.bookings({ phone })).toEqual([]);
    expect(await server.text(phone, "1")).toEqual(["Haircut: Wed 4 Mar, 12:00 with Alex, $35.00. Book it? (yes/no)"]);
    expect((await server.text(phone, "yes"))[0]).toMatch(/^Booked: Haircut, Wed 4 Mar, 12:00\./);
    expect(openai.requests).toHaveLength(1);
  });

  it("sends the state, the services and today's date in the business's zone, and never the phone number or name", async () => {
    const phone = newPhone();
    openai.answer({ content: extraction({ intent: "other" }) });
    await server.text(phone, BEARD);
    const request = openai.requests[0]!;
    expect(request.response_format).toEqual(expect.objectContaining({ type: "json_schema", json_schema: expect.objectContaining({ name: "booking_request", strict: true }) }));
    const sent = JSON.stringify(request);
    expect(sent).not.toContain(phone);
    expect(sent).not.toContain(phone.slice(2));
    const context = JSON.parse(request.messages.at(-1)!.content);
    expect(context).toEqual(
      expect.objectContaining({ today: "Monday 2026-03-02", timezone: "America/New_York", conversationState: "initial", message: BEARD }),
    );
    expect(context.services.map((s: { name: string }) => s.name)).toContain("Haircut");
  });

  it("keeps a transcript of the assisted turn with the conversation", async () => {
    const phone = newPhone();
    openai.answer({ content: extraction({ intent: "book", service: "Haircut", date: "2026-03-04", time: "13:00" }) });
    const [question] = await server.text(phone, "my beard needs some love on wednesday around 1");
    expect(question).toBe("Haircut: Wed 4 Mar, 13:00 with Alex, $35.00. Book it? (yes/no)");
    const turns = await server.database.db.select().from(llmTurns).where(eq(llmTurns.input, "my beard needs some love on wednesday around 1"));
    expect(turns).toEqual([
      expect.objectContaining({ state: "initial", outcome: "understood", promptTokens: 412, completionTokens: 38, extraction: expect.objectContaining({ service: "Haircut", time: "13:00" }) }),
    ]);
  });
});

describe("a message the parser understood", () => {
  it("makes no call at all", async () => {
    const phone = newPhone();
    await server.text(phone, "haircut tomorrow at 3pm");
    await server.text(phone, "yes");
    await server.text(phone, "hi");
    expect(openai.requests).toEqual([]);
  });
});

describe("a slow or broken model", () => {
  const CLARIFY = /^Hi! This is Slotline Demo Salon\. What would you like to book\?\n1\) /;

  it.each([
    ["invalid JSON", [{ content: "{not json" }], 1],
    ["an answer outside the schema", [{ content: { intent: "book", service: 7 } }], 1],
    ["a 500 twice (one retry)", [{ status: 500 }, { status: 500 }], 2],
    ["a 429 twice (one retry)", [{ status: 429 }, { status: 429 }], 2],
  ] as const)("answers with the parser's own question after %s, within 5 s", async (_what, answers, calls) => {
    openai.answer(...answers);
    const { replies, ms } = await timed(newPhone(), BEARD);
    expect(replies[0]).toMatch(CLARIFY);
    expect(openai.requests).toHaveLength(calls);
    expect(ms).toBeLessThan(5000);
  });

  it("uses the retry's answer after one 500", async () => {
    openai.answer({ status: 500 }, { content: extraction({ intent: "book", service: "Haircut", date: "2026-03-04", time: "13:30" }) });
    const [question] = await server.text(newPhone(), BEARD);
    expect(question).toBe("Haircut: Wed 4 Mar, 13:30 with Alex, $35.00. Book it? (yes/no)");
    expect(openai.requests).toHaveLength(2);
  });

  it("answers within 5 s when the model says nothing for 30 s, and records the timeout", async () => {
    openai.answer({ hangMs: 30_000 });
    const phone = newPhone();
    const { replies, ms } = await timed(phone, BEARD);
    expect(replies[0]).toMatch(CLARIFY);
    expect(ms).toBeLessThan(5000);
    const turns = await server.database.db.select().from(llmTurns).where(eq(llmTurns.outcome, "failed:timeout"));
    expect(turns.length).toBeGreaterThanOrEqual(1);
  }, 15_000);

  it("holds no lock while the model reads: another customer is answered meanwhile, and a second message from the same one waits its turn", async () => {
    openai.answer({ hangMs: 2500 });
    const slow = newPhone();
    const waiting = timed(slow, BEARD);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const other = await timed(newPhone(), "haircut tomorrow at 11am");
    expect(other.replies).toEqual(["Haircut: Tue 3 Mar, 11:00 with Alex, $35.00. Book it? (yes/no)"]);
    expect(other.ms).toBeLessThan(1500);
    const first = await waiting;
    expect(first.replies[0]).toMatch(CLARIFY);
    expect(first.ms).toBeGreaterThan(2000);
  }, 15_000);

  it("answers two messages from one number in the order they came while the model reads the first", async () => {
    const phone = newPhone();
    openai.answer({ delayMs: 1500, content: extraction({ intent: "book", service: "Haircut", date: "2026-03-04", time: "13:30" }) });
    const answered: string[] = [];
    const first = server.text(phone, "my beard needs some love please").then((replies) => (answered.push("first"), replies));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The customer, tired of waiting, says it plainly: this waits for the first message's answer.
    const second = server.text(phone, "no, tomorrow at 4pm").then((replies) => (answered.push("second"), replies));

    expect(await first).toEqual(["Haircut: Wed 4 Mar, 13:30 with Alex, $35.00. Book it? (yes/no)"]);
    // Read after the first was answered: a "no" to Wednesday 13:30 that asks for Tuesday 16:00.
    expect((await second)[0]).toMatch(/Tue 3 Mar, 16:00/);
    expect(answered).toEqual(["first", "second"]);
    const turns = await server.database.db.select().from(llmTurns).where(eq(llmTurns.input, "my beard needs some love please"));
    expect(turns.filter((t) => t.conversationId !== null).map((t) => t.outcome)).toEqual(["understood"]);
  }, 15_000);

  it("is counted in the stats", async () => {
    const stats = (await server.admin.get("/admin/stats")).body;
    expect(stats.llm).toEqual(
      expect.objectContaining({ calls: expect.any(Number), understood: expect.any(Number), failed: expect.any(Number), promptTokens: expect.any(Number), completionTokens: expect.any(Number) }),
    );
    expect(stats.llm.calls).toBeGreaterThanOrEqual(8);
    expect(stats.llm.understood).toBeGreaterThanOrEqual(3);
    expect(stats.llm.latencyMs).toEqual({ p50: expect.any(Number), p95: expect.any(Number) });
  });
});

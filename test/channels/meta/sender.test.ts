import { MetaSender } from "../../../src/channels/meta/sender";
import { FAKE_PHONE_NUMBER_ID, FAKE_WHATSAPP_TOKEN, type FakeGraphApi, startFakeGraphApi } from "../../fakes/graphApi";

const OWN_PHONE_NUMBER_ID = "109876543210987";

let graph: FakeGraphApi;
let sender: MetaSender;

beforeAll(async () => {
  graph = await startFakeGraphApi({ phoneNumberIds: [FAKE_PHONE_NUMBER_ID, OWN_PHONE_NUMBER_ID] });
  sender = new MetaSender({ token: FAKE_WHATSAPP_TOKEN, phoneNumberId: FAKE_PHONE_NUMBER_ID, apiBase: graph.url, retryDelaysMs: [1, 1] });
});
beforeEach(() => graph.reset());
afterAll(() => graph.close());

describe("MetaSender", () => {
  it("posts a text to the Graph API and returns the wamid", async () => {
    const result = await sender.send({ channel: "whatsapp", to: "whatsapp:+15551230001", body: "Booked: Haircut, Tue 3 Mar, 15:00." });
    expect(result).toEqual({ provider: "meta", providerMessageId: graph.messages[0]!.wamid, status: "queued", retryable: false });
    expect(graph.messages[0]!.body).toEqual({ messaging_product: "whatsapp", recipient_type: "individual", to: "15551230001", type: "text", text: { body: "Booked: Haircut, Tue 3 Mar, 15:00.", preview_url: false } });
  });

  it("posts from the business's own phone number id when it has one, else the deployment's", async () => {
    await sender.send({ channel: "whatsapp", to: "whatsapp:+15551230001", body: "Hi", from: { whatsappPhoneNumberId: OWN_PHONE_NUMBER_ID } });
    await sender.send({ channel: "whatsapp", to: "whatsapp:+15551230001", body: "Hi", from: {} });
    expect(graph.messages.map((m) => m.phoneNumberId)).toEqual([OWN_PHONE_NUMBER_ID, FAKE_PHONE_NUMBER_ID]);
  });

  it("sends choices as an interactive message", async () => {
    await sender.send({ channel: "whatsapp", to: "whatsapp:+15551230001", body: "Book it? (yes/no)" });
    expect(graph.messages[0]!.body.type).toBe("interactive");
  });

  it("sends a service whose name has an emoji at the cut as a list row with whole characters", async () => {
    const body = "What would you like to book?\n1) Haircut\n2) Beard Trim\n3) Hair Implant\n4) Signature Scalp Ritual💆 Extended Edition";
    await sender.send({ channel: "whatsapp", to: "whatsapp:+15551230001", body });
    const rows = (graph.messages[0]!.body.interactive as { action: { sections: { rows: { title: string }[] }[] } }).action.sections[0]!.rows;
    expect(rows[3]!.title).toBe("Signature Scalp Ritual…");
  });

  it("sends the approved template with the text as its parameter when asked", async () => {
    await sender.send({ channel: "whatsapp", to: "whatsapp:+15551230001", body: "Reminder: Haircut", template: { name: "appointment_reminder", language: "en_GB" } });
    expect(graph.messages[0]!.body).toEqual(
      expect.objectContaining({
        type: "template",
        template: { name: "appointment_reminder", language: { code: "en_GB" }, components: [{ type: "body", parameters: [{ type: "text", text: "Reminder: Haircut" }] }] },
      }),
    );
  });

  it("tries again at once after a rate limit or an outage, and sends once", async () => {
    graph.failNext(1, { status: 429, code: 130429, message: "Rate limit hit" });
    graph.failNext(1, { status: 500, code: 131000, message: "Something went wrong" });
    const result = await sender.send({ channel: "whatsapp", to: "+15551230001", body: "hi" });
    expect(result.status).toBe("queued");
    expect(graph.attempts).toBe(3);
    expect(graph.messages).toHaveLength(1);
  });

  it("reports a lasting outage as retryable, for the outbox's backoff", async () => {
    graph.failNext(3, { status: 503, code: 2, message: "Service temporarily unavailable" });
    expect(await sender.send({ channel: "whatsapp", to: "+15551230001", body: "hi" })).toEqual({ provider: "meta", providerMessageId: null, status: "failed", errorCode: "2", retryable: true });
  });

  it("reports a permanent refusal with Meta's code, without trying again", async () => {
    graph.failNext(1, { status: 400, code: 131026, message: "Message undeliverable" });
    expect(await sender.send({ channel: "whatsapp", to: "+15551230001", body: "hi" })).toEqual({ provider: "meta", providerMessageId: null, status: "failed", errorCode: "131026", retryable: false });
    expect(graph.attempts).toBe(1);
  });

  it("reports a wrong token as a refusal (190), and an unreachable API as retryable", async () => {
    const wrongToken = new MetaSender({ token: "nope", phoneNumberId: FAKE_PHONE_NUMBER_ID, apiBase: graph.url, retryDelaysMs: [] });
    expect(await wrongToken.send({ channel: "whatsapp", to: "+15551230001", body: "hi" })).toEqual(expect.objectContaining({ status: "failed", errorCode: "190", retryable: false }));
    const unreachable = new MetaSender({ token: FAKE_WHATSAPP_TOKEN, phoneNumberId: FAKE_PHONE_NUMBER_ID, apiBase: "http://127.0.0.1:9", retryDelaysMs: [] });
    expect(await unreachable.send({ channel: "whatsapp", to: "+15551230001", body: "hi" })).toEqual(expect.objectContaining({ status: "failed", errorCode: "network_error", retryable: true }));
  });

  it("carries only WhatsApp", async () => {
    expect(await sender.send({ channel: "sms", to: "+15551230001", body: "hi" })).toEqual(expect.objectContaining({ status: "failed", errorCode: "no_sender_configured" }));
  });
});

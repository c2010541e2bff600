import { TwilioSender } from "../../../src/channels/twilio/sender";
import { type FakeTwilioApi, startFakeTwilioApi } from "../../fakes/twilioApi";

const SMS_FROM = "+15550001111";
const WHATSAPP_FROM = "whatsapp:+15550002222";

let fake: FakeTwilioApi;
beforeAll(async () => {
  fake = await startFakeTwilioApi();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function sender(overrides: Partial<ConstructorParameters<typeof TwilioSender>[0]> = {}) {
  return new TwilioSender({
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    smsFrom: SMS_FROM,
    whatsappFrom: WHATSAPP_FROM,
    apiBase: fake.url,
    ...overrides,
  });
}

describe("TwilioSender", () => {
  it("creates the message through the SDK at TWILIO_API_BASE, with the status callback, and returns Twilio's SID", async () => {
    const result = await sender().send({ channel: "sms", to: "+15557654321", body: "See you at 3", statusCallbackUrl: "https://bot.example.test/webhooks/twilio/status" });

    expect(fake.messages).toEqual([
      expect.objectContaining({ to: "+15557654321", from: SMS_FROM, body: "See you at 3", statusCallback: "https://bot.example.test/webhooks/twilio/status" }),
    ]);
    expect(result).toEqual({ provider: "twilio", providerMessageId: fake.messages[0]!.sid, status: "queued", retryable: false });
    expect(result.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it("sends WhatsApp from the WhatsApp sender", async () => {
    await sender().send({ channel: "whatsapp", to: "whatsapp:+15557654321", body: "Hi" });
    expect(fake.messages[0]).toMatchObject({ to: "whatsapp:+15557654321", from: WHATSAPP_FROM });
  });

  it("sends from the business's own number when it has one, prefixed whatsapp: on WhatsApp", async () => {
    const own = { twilioNumber: "+15550009876" };
    await sender().send({ channel: "sms", to: "+15557654321", body: "Hi", from: own });
    await sender({ smsFrom: `MG${"ab".repeat(16)}` }).send({ channel: "sms", to: "+15557654321", body: "Hi", from: own });
    await sender().send({ channel: "whatsapp", to: "whatsapp:+15557654321", body: "Hi", from: own });
    expect(fake.messages.map((m) => [m.from, m.messagingServiceSid])).toEqual([
      ["+15550009876", undefined],
      ["+15550009876", undefined],
      ["whatsapp:+15550009876", undefined],
    ]);
  });

  it("sends through a Messaging Service when TWILIO_SMS_FROM is an MG… SID", async () => {
    const service = `MG${"ab".repeat(16)}`;
    await sender({ smsFrom: service }).send({ channel: "sms", to: "+15557654321", body: "Hi" });
    expect(fake.messages[0]).toMatchObject({ messagingServiceSid: service, from: undefined });
  });

  it("reports an invalid number (400, 21211) as a permanent failure with Twilio's code", async () => {
    fake.failNext(1, { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    const result = await sender().send({ channel: "sms", to: "+15557654321", body: "Hi" });
    expect(result).toEqual({ provider: "twilio", providerMessageId: null, status: "failed", errorCode: "21211", retryable: false });
  });

  it("reports an unsubscribed recipient (400, 21610) as permanent", async () => {
    fake.failNext(1, { status: 400, code: 21610 });
    expect(await sender().send({ channel: "sms", to: "+15557654321", body: "Hi" })).toMatchObject({ errorCode: "21610", retryable: false });
  });

  it.each([
    [500, 20500],
    [503, 20503],
    [429, 20429],
  ])("reports HTTP %i as worth retrying", async (status, code) => {
    fake.failNext(1, { status, code });
    expect(await sender().send({ channel: "sms", to: "+15557654321", body: "Hi" })).toMatchObject({ status: "failed", errorCode: String(code), retryable: true });
  });

  it("reports wrong credentials (401) as permanent", async () => {
    const result = await sender({ authToken: "not-the-token" }).send({ channel: "sms", to: "+15557654321", body: "Hi" });
    expect(result).toMatchObject({ status: "failed", errorCode: "20003", retryable: false });
    expect(fake.messages).toHaveLength(0);
  });

  it("reports an unreachable API as worth retrying", async () => {
    const gone = await startFakeTwilioApi();
    const url = gone.url;
    await gone.close();
    const result = await sender({ apiBase: url }).send({ channel: "sms", to: "+15557654321", body: "Hi" });
    expect(result).toMatchObject({ status: "failed", errorCode: "ECONNREFUSED", retryable: true });
  });

  it("refuses a channel it has no sender for, without calling Twilio", async () => {
    const result = await sender({ whatsappFrom: undefined }).send({ channel: "whatsapp", to: "whatsapp:+15557654321", body: "Hi" });
    expect(result).toMatchObject({ status: "failed", errorCode: "no_sender_configured", retryable: false });
    expect(fake.attempts).toBe(0);
  });
});

import pino from "pino";
import { createSender } from "../../src/channels/senderFromConfig";
import { loadConfig } from "../../src/config/config";
import { type FakeTwilioApi, startFakeTwilioApi } from "../fakes/twilioApi";

let fake: FakeTwilioApi;
beforeAll(async () => {
  fake = await startFakeTwilioApi();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

const twilioEnv = () => ({ TWILIO_ACCOUNT_SID: fake.accountSid, TWILIO_AUTH_TOKEN: fake.authToken, TWILIO_API_BASE: fake.url });

describe("createSender", () => {
  it("logs messages when no provider is configured", async () => {
    const { logger, lines } = capturingLogger();
    const sender = createSender(loadConfig({}), logger);

    const result = await sender.send({ channel: "sms", to: "+15557654321", body: "Your haircut is confirmed" });

    expect(result).toEqual({ provider: "log", providerMessageId: null, status: "logged", retryable: false });
    expect(sender.provider("sms")).toBe("log");
    expect(lines).toEqual([expect.objectContaining({ level: 30, to: "+15557654321", channel: "sms", body: "Your haircut is confirmed" })]);
  });

  it("logs a manage link with its token redacted", async () => {
    const { logger, lines } = capturingLogger();
    const sender = createSender(loadConfig({}), logger);
    const token = "AbCdEfGhIjKlMnOpQrStUv_wXyZ0123456789-AbCdEf";

    await sender.send({ channel: "sms", to: "+15557654321", body: `Manage your booking: https://book.example.com/m/${token}` });

    expect(lines).toEqual([expect.objectContaining({ body: "Manage your booking: https://book.example.com/m/[redacted]" })]);
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  it("uses Twilio for a channel only when its sender is set too", async () => {
    const { logger, lines } = capturingLogger();
    const sender = createSender(loadConfig({ ...twilioEnv(), TWILIO_SMS_FROM: "+15550001111" }), logger);

    expect(sender.provider("sms")).toBe("twilio");
    expect(sender.provider("whatsapp")).toBe("log");
    await sender.send({ channel: "sms", to: "+15557654321", body: "by Twilio" });
    await sender.send({ channel: "whatsapp", to: "whatsapp:+15557654321", body: "to the log" });

    expect(fake.messages.map((m) => m.body)).toEqual(["by Twilio"]);
    expect(lines.map((l) => l.body)).toEqual(["to the log"]);
  });

  it("logs everything when the auth token is missing", () => {
    const { logger } = capturingLogger();
    const sender = createSender(loadConfig({ TWILIO_ACCOUNT_SID: fake.accountSid, TWILIO_SMS_FROM: "+15550001111", TWILIO_WHATSAPP_FROM: "whatsapp:+15550002222" }), logger);
    expect([sender.provider("sms"), sender.provider("whatsapp")]).toEqual(["log", "log"]);
  });

  it("sends WhatsApp through Twilio when only the WhatsApp sender is set", async () => {
    const { logger } = capturingLogger();
    const sender = createSender(loadConfig({ ...twilioEnv(), TWILIO_WHATSAPP_FROM: "whatsapp:+15550002222" }), logger);
    expect([sender.provider("sms"), sender.provider("whatsapp")]).toEqual(["log", "twilio"]);
    await sender.send({ channel: "whatsapp", to: "whatsapp:+15557654321", body: "Hi" });
    expect(fake.messages[0]).toMatchObject({ from: "whatsapp:+15550002222", to: "whatsapp:+15557654321" });
  });

  it("sends WhatsApp through Meta's Cloud API when its token and phone number id are set, SMS still through Twilio", () => {
    const { logger } = capturingLogger();
    const env = { ...twilioEnv(), TWILIO_SMS_FROM: "+15550001111", TWILIO_WHATSAPP_FROM: "whatsapp:+15550002222", WHATSAPP_TOKEN: "EAAG-token", WHATSAPP_PHONE_NUMBER_ID: "106540352242922" };
    expect([createSender(loadConfig(env), logger).provider("sms"), createSender(loadConfig(env), logger).provider("whatsapp")]).toEqual(["twilio", "meta"]);
    const { WHATSAPP_PHONE_NUMBER_ID: _unset, ...withoutNumberId } = env;
    expect(createSender(loadConfig(withoutNumberId), logger).provider("whatsapp")).toBe("twilio");
  });
});

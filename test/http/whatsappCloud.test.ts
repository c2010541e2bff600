/**
 * WhatsApp through Meta's Cloud API, end to end: signed deliveries posted to the real webhook,
 * replies arriving at a fake Graph API as interactive buttons and lists, taps coming back as
 * button and list replies, statuses, a delivery left unanswered by a stopped process, and a
 * reminder outside the 24-hour window sent as the approved template.
 */
import request from "supertest";
import { parseMetaDelivery } from "../../src/channels/meta/inbound";
import { createLogger } from "../../src/logger";
import { buildServices } from "../../src/services";
import { FAKE_APP_SECRET, FAKE_PHONE_NUMBER_ID, FAKE_WHATSAPP_TOKEN, type FakeGraphApi, inboundDelivery, metaSignature, startFakeGraphApi, statusDelivery } from "../fakes/graphApi";
import { type AdminServer, startAdminServer } from "../support/adminClient";
import { MANAGE_LINK, bookingOfManageLink } from "../support/manageLinks";

const VERIFY_TOKEN = "verify-me-7f3a";
const TEMPLATE = "appointment_reminder";

let graph: FakeGraphApi;
let server: AdminServer;
let numberCounter = 0;
/** A WhatsApp id: the number's digits, as Meta sends it. */
const newWaId = () => `1555401${String(++numberCounter).padStart(4, "0")}`;

beforeAll(async () => {
  graph = await startFakeGraphApi();
  server = await startAdminServer({
    env: {
      WHATSAPP_TOKEN: FAKE_WHATSAPP_TOKEN,
      WHATSAPP_PHONE_NUMBER_ID: FAKE_PHONE_NUMBER_ID,
      WHATSAPP_APP_SECRET: FAKE_APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
      WHATSAPP_API_BASE: graph.url,
      WHATSAPP_TEMPLATE_REMINDER: TEMPLATE,
    },
  });
}, 60_000);
afterAll(async () => {
  await server.close();
  await graph.close();
});

/** Posts a delivery signed as Meta signs it, or with the signature given (null: none at all). */
function post(body: string, signature: string | null = metaSignature(FAKE_APP_SECRET, body)) {
  const req = request(server.app).post("/webhooks/whatsapp").set("content-type", "application/json");
  return (signature === null ? req : req.set("x-hub-signature-256", signature)).send(body);
}

/** Waits until the fake Graph API holds `count` messages to the number; returns them. */
async function sentTo(waId: string, count: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mine = graph.messages.filter((m) => m.body.to === waId);
    if (mine.length >= count || Date.now() > deadline) return mine;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sends one message as the customer and returns the bot's `count` new replies, as the Graph API got them. */
async function sayFor(waId: string, message: Record<string, unknown>, count: number) {
  // A second between messages, as in a real chat: the log orders by time.
  server.clock.advanceMinutes(1 / 60);
  const before = graph.messages.filter((m) => m.body.to === waId).length;
  const res = await post(inboundDelivery(waId, message).body);
  expect(res.status).toBe(200);
  const mine = await sentTo(waId, before + count);
  expect(mine).toHaveLength(before + count);
  return mine.slice(before).map((m) => m.body);
}

/** Sends one message as the customer and returns the bot's one new reply. */
async function say(waId: string, message: Record<string, unknown>) {
  return (await sayFor(waId, message, 1))[0]!;
}

/** A tapped Yes that books: the confirmation, then the manage link. */
async function sayYesAndBook(waId: string) {
  const [booked, link] = await sayFor(waId, tapButton("yes", "Yes"), 2);
  expect(link!.text?.body).toEqual(MANAGE_LINK);
  return { booked: booked!, link: link!.text!.body };
}

const text = (body: string) => ({ type: "text", text: { body } });
const tapButton = (id: string, title: string) => ({ type: "interactive", interactive: { type: "button_reply", button_reply: { id, title } } });
const tapRow = (id: string, title: string) => ({ type: "interactive", interactive: { type: "list_reply", list_reply: { id, title } } });

describe("GET /webhooks/whatsapp: Meta's handshake", () => {
  it("answers the challenge as plain text to the right verify token", async () => {
    const res = await request(server.app).get("/webhooks/whatsapp").query({ "hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444" });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    expect(res.text).toBe("1158201444");
  });

  it("refuses a wrong token or mode with 403", async () => {
    const wrong = await request(server.app).get("/webhooks/whatsapp").query({ "hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1" });
    expect(wrong.status).toBe(403);
    const mode = await request(server.app).get("/webhooks/whatsapp").query({ "hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1" });
    expect(mode.status).toBe(403);
  });
});

describe("POST /webhooks/whatsapp: booking in a chat", () => {
  it("refuses a bad or missing signature with 401 and stores nothing", async () => {
    const waId = newWaId();
    const { body } = inboundDelivery(waId, text("haircut tomorrow at 3pm"));
    expect((await post(body, metaSignature("another-secret", body))).status).toBe(401);
    expect((await post(body, null)).status).toBe(401);
    expect((await post(body.replace("3pm", "4pm"), metaSignature(FAKE_APP_SECRET, body))).status).toBe(401);
    expect(await server.messagesOf(`+${waId}`)).toEqual([]);
    expect(await sentTo(waId, 0)).toEqual([]);
  });

  it("asks yes or no with buttons, and a tapped Yes books", async () => {
    const waId = newWaId();
    const question = await say(waId, text("haircut tomorrow at 3pm"));
    expect(question).toEqual(
      expect.objectContaining({
        messaging_product: "whatsapp",
        to: waId,
        type: "interactive",
        interactive: {
          type: "button",
          body: { text: "Haircut: Tue 3 Mar, 15:00 with Alex, $35.00. Book it?" },
          action: {
            buttons: [
              { type: "reply", reply: { id: "yes", title: "Yes" } },
              { type: "reply", reply: { id: "no", title: "No" } },
            ],
          },
        },
      }),
    );
    const { booked, link } = await sayYesAndBook(waId);
    expect(booked.text?.body).toMatch(/^Booked: Haircut, Tue 3 Mar, 15:00\./);
    const made = await server.bookings({ phone: `+${waId}` });
    expect(made).toEqual([expect.objectContaining({ status: "confirmed", start: "2026-03-03T15:00:00-05:00" })]);
    expect(await bookingOfManageLink(server.database, link)).toBe(made[0]!.id);
  });

  it("books the 3-session implant plan by tapping: a list of services, then Yes", async () => {
    const waId = newWaId();
    const greeting = await say(waId, text("hi"));
    expect(greeting.type).toBe("interactive");
    const list = greeting.interactive as { type: string; body: { text: string }; action: { button: string; sections: { rows: { id: string; title: string }[] }[] } };
    expect(list.type).toBe("list");
    expect(list.body.text).toBe("Hi! This is Slotline Demo Salon. What would you like to book?");
    const implant = list.action.sections[0]!.rows.find((row) => row.title === "Hair implant")!;
    expect(implant.id).toMatch(/^\d+$/);

    const askDate = await say(waId, tapRow(implant.id, implant.title));
    expect(askDate.text?.body).toBe('Hair implant: what day and time would you like? (e.g. "tomorrow at 3pm")');
    const preview = await say(waId, text("tomorrow at 10am"));
    expect((preview.interactive as { body: { text: string } }).body.text).toMatch(/^Hair implant .*\n.*session 1 of 3\): Tue 3 Mar, 10:00.*\n.*session 2 of 3.*\n.*session 3 of 3.*\nBook all 3\?$/);
    const { booked, link } = await sayYesAndBook(waId);
    expect(booked.text?.body).toMatch(/^Booked: Hair implant:\nTue 3 Mar, 10:00\n/);
    const sessions = await server.bookings({ phone: `+${waId}` });
    expect(sessions.map((b) => [b.sessionNumber, b.totalSessions, b.status])).toEqual([
      [1, 3, "confirmed"],
      [2, 3, "confirmed"],
      [3, 3, "confirmed"],
    ]);
    expect(await bookingOfManageLink(server.database, link)).toBe(sessions[0]!.id);
  });

  it("answers one message id once, even when Meta delivers it twice", async () => {
    const waId = newWaId();
    const delivery = inboundDelivery(waId, text("hello"));
    expect((await post(delivery.body)).status).toBe(200);
    expect((await post(delivery.body)).status).toBe(200);
    await sentTo(waId, 1);
    // Give a second answer the time to arrive, were there one.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(graph.messages.filter((m) => m.body.to === waId)).toHaveLength(1);
    expect((await server.messagesOf(`+${waId}`)).filter((m) => m.direction === "in")).toHaveLength(1);
  });

  it("asks the customer to type when they send an image, a sticker or a location", async () => {
    const waId = newWaId();
    for (const message of [
      { type: "image", image: { id: "1234", mime_type: "image/jpeg", sha256: "abc" } },
      { type: "sticker", sticker: { id: "5678", mime_type: "image/webp" } },
      { type: "location", location: { latitude: 40.7, longitude: -74 } },
    ]) {
      expect((await say(waId, message)).text?.body).toBe("Sorry, I can only read text. Please type your answer.");
    }
  });

  it("is one customer by SMS and by WhatsApp, each conversation answering on its own channel", async () => {
    const waId = newWaId();
    const phone = `+${waId}`;
    await say(waId, text("haircut on Wednesday at 11am"));
    await sayYesAndBook(waId);
    server.clock.advanceMinutes(1 / 60);
    expect(await server.text(phone, "my bookings")).toEqual([expect.stringContaining("Haircut, Wed 4 Mar, 11:00")]);
    const channels = (await server.messagesOf(phone)).map((m) => `${m.direction} ${m.channel}`);
    expect(channels).toEqual(["in whatsapp", "out whatsapp", "in whatsapp", "out whatsapp", "out whatsapp", "in sms", "out sms"]);
  });
});

describe("POST /webhooks/whatsapp: statuses", () => {
  it("marks a reply delivered, never moves it back, and keeps a failure's code", async () => {
    const waId = newWaId();
    await say(waId, text("hello"));
    const [reply] = graph.messages.filter((m) => m.body.to === waId);
    const statusOf = async () => (await server.messagesOf(`+${waId}`)).find((m) => m.direction === "out")!;
    // As Meta does, each status echoes the biz_opaque_callback_data the message was sent with.
    const reference = reply!.body.biz_opaque_callback_data;
    expect(reference).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    await post(statusDelivery(reply!.wamid, waId, "delivered", undefined, reference));
    await post(statusDelivery(reply!.wamid, waId, "sent", undefined, reference));
    expect((await statusOf()).status).toBe("delivered");
    await post(statusDelivery(reply!.wamid, waId, "failed", 131026, reference));
    expect(await statusOf()).toEqual(expect.objectContaining({ status: "failed", errorCode: "131026" }));
  });
});

describe("a delivery the process could not answer", () => {
  it("is answered exactly once after a restart, by the jobs", async () => {
    const waId = newWaId();
    const delivery = inboundDelivery(waId, text("haircut tomorrow at 2pm"));
    // The process stored the delivery and acknowledged it, then stopped before handling it.
    const before = buildServices({ config: server.config, database: server.database, clock: server.clock, logger: createLogger("silent") });
    const [message] = parseMetaDelivery(JSON.parse(delivery.body)).messages;
    expect(await before.whatsappInbox.store(server.businessId!, message!.inbound, { type: message!.type, name: message!.name })).toBeDefined();
    expect(await sentTo(waId, 0)).toEqual([]);

    // After the restart, a jobs tick picks it up; a second tick finds nothing more to do.
    const run = (now: Date) => server.admin.post("/admin/jobs/run", { now: now.toISOString() });
    const later = new Date(server.clock.now().getTime() + 60_000);
    expect((await run(later)).body.whatsappRecovered).toBe(1);
    expect((await run(new Date(later.getTime() + 60_000))).body.whatsappRecovered).toBe(0);
    const replies = await sentTo(waId, 1);
    expect(replies).toHaveLength(1);
    expect((replies[0]!.body.interactive as { body: { text: string } }).body.text).toBe("Haircut: Tue 3 Mar, 14:00 with Alex, $35.00. Book it?");
  });
});

describe("WhatsApp's 24-hour window", () => {
  it("sends a reminder 30 hours after the customer's last message as the approved template", async () => {
    const waId = newWaId();
    await say(waId, text("haircut on Thursday at 4pm"));
    await sayYesAndBook(waId);
    // Thu 5 Mar 16:00 EST: the 24-hour reminder is due Wed 4 Mar 16:00 (21:00Z), 57 hours after the yes.
    const run = await server.admin.post("/admin/jobs/run", { now: "2026-03-04T21:00:00Z" });
    expect(run.body.reminders).toBeGreaterThanOrEqual(1);
    const last = (await sentTo(waId, 4))[3]!.body;
    expect(last).toEqual(
      expect.objectContaining({
        type: "template",
        template: {
          name: TEMPLATE,
          language: { code: "en_US" },
          components: [{ type: "body", parameters: [{ type: "text", text: 'Reminder: Haircut, Thu 5 Mar, 16:00. Reply "reschedule" or "cancel" if you need to.' }] }],
        },
      }),
    );
    expect(last.text).toBeUndefined();
  });
});
